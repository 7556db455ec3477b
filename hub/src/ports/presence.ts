/**
 * Which replica holds each cluster's stream (store/presence-store.ts). Stream ids are
 * `<hub instance>/<unique>` (stream-id.ts), so any replica can tell whom to tell.
 */

export interface Presence {
  /** Takes the cluster for this stream (the newest wins); returns the stream id it replaced. */
  claim(clusterId: string, streamId: string, ttlMs: number): Promise<string | null>;
  /** Extends the entry only while this stream holds it; false when another one does (or none). */
  refresh(clusterId: string, streamId: string, ttlMs: number): Promise<boolean>;
  /** Removes the entry only while this stream holds it. */
  release(clusterId: string, streamId: string): Promise<boolean>;
  /** The stream id holding the cluster, if any. */
  holder(clusterId: string): Promise<string | null>;
  holders(clusterIds: string[]): Promise<Map<string, string>>;
}
