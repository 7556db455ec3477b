/** Namespaces as agents report them (snapshots), and the read model over them. */
import type { NamespaceSummary, Snapshot } from '@curfew/proto';

/** A namespace as last reported by its cluster's agent. */
export interface ClusterNamespace {
  clusterId: string;
  summary: NamespaceSummary;
  /** When the hub last heard about this namespace (epoch ms). */
  seenAt: number;
}

export interface NamespaceFilter {
  clusterId?: string;
  owner?: string;
  /** 'running' | 'suspended' | 'unmanaged' | 'system' | 'terminating' */
  state?: string;
}

/** Read model of every cluster's namespaces, fed by agent snapshots. */
export interface NamespaceDirectory {
  /** Every cluster's namespace with this name (more than one → ask, never guess). */
  find(namespace: string, clusterId?: string): Promise<ClusterNamespace[]>;
  list(filter?: NamespaceFilter): Promise<ClusterNamespace[]>;
}

/** Which namespaces a cluster's agent reported (its snapshots). */
export interface ReportedNamespaces {
  has(clusterId: string, namespace: string): Promise<boolean>;
}

/** applied; fenced = the stream no longer holds the cluster; stale = an older sequence. */
export type SnapshotResult = 'applied' | 'fenced' | 'stale';

/** Each cluster's namespaces as its agent last reported them (store/snapshot-store.ts). */
export interface SnapshotStore extends NamespaceDirectory, ReportedNamespaces {
  /**
   * Applies an agent's snapshot only while `streamId` holds the cluster's presence, and only
   * when its sequence is newer than the last one applied from that stream.
   */
  apply(
    clusterId: string,
    streamId: string,
    snapshot: Snapshot,
    now: number,
  ): Promise<SnapshotResult>;
}
