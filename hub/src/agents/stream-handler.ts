/**
 * Agent streams on this replica: the gRPC handler, cross-replica kicks, presence upkeep, drain.
 *
 * The stream is authenticated by the cluster token in the call metadata and the cluster id
 * in the Hello. Per cluster exactly one stream is active across all replicas: the newest
 * claims presence in Redis and every other replica closes its older stream with Reject
 * REPLACED when told over pub/sub. Each heartbeat refreshes presence (only if still ours),
 * re-checks the token (so a rotated-out token stops working when its overlap ends and a
 * revocation missed during a Redis blip still lands) and sweeps for undelivered commands.
 */
import { RejectReason } from '@curfew/proto';
import { AgentConnection, type Call, type StreamHandlerDeps } from './agent-connection.js';
import type { LocalStream } from './stream-registry.js';

export type { StreamHandlerDeps } from './agent-connection.js';

export class StreamHandler {
  constructor(private readonly deps: StreamHandlerDeps) {}

  start(): void {
    const { bus, health, streams } = this.deps;
    bus.on('kick', ({ clusterId, reason, keepStreamId }) => {
      const local = streams.get(clusterId);
      if (!local || local.streamId === keepStreamId) return;
      if (reason === 'revoked') local.reject(RejectReason.REVOKED, 'this cluster was revoked');
      else local.reject(RejectReason.REPLACED, 'a newer stream for this cluster took over');
    });
    // Presence may have expired (or Redis restarted empty) during an outage.
    health.on('up', () => {
      for (const stream of streams.all()) void this.#reassert(stream);
    });
  }

  /** The grpc-js handler for AgentLinkService.Connect. */
  readonly connect = (call: Call): void => {
    new AgentConnection(this.deps, call, (stream) => this.#reassert(stream)).open();
  };

  /** Shutdown: every agent is told to reconnect elsewhere and presence is released. */
  async drainAll(message: string): Promise<void> {
    const { streams, presence } = this.deps;
    await Promise.all(
      streams.all().map(async (stream) => {
        stream.drain(message);
        await presence.release(stream.clusterId, stream.streamId).catch(() => {});
      }),
    );
  }

  /** Keeps presence pointing at `stream`; closes it if another stream took over. */
  async #reassert(stream: LocalStream): Promise<void> {
    const { presence, presenceTtlMs, streams } = this.deps;
    if (!streams.isCurrent(stream)) return;
    try {
      if (await presence.refresh(stream.clusterId, stream.streamId, presenceTtlMs)) return;
      const holder = await presence.holder(stream.clusterId);
      if (holder === null) await presence.claim(stream.clusterId, stream.streamId, presenceTtlMs);
      else stream.reject(RejectReason.REPLACED, 'a newer stream for this cluster took over');
    } catch {
      // Redis is down; the next heartbeat or the 'up' event tries again.
    }
  }
}
