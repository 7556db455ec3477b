/**
 * The seams inside the hub. The agent-facing side (streams, registry, routing, admin API)
 * implements these; the Slack side only consumes them, so each can be tested with fakes
 * and the two can evolve independently.
 */
import type { ResourcePrices } from '@curfew/core';
import type { Action, CommandResult, NamespaceSummary, Notification } from '@curfew/proto';

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

export interface DispatchRequest {
  action: Action;
  clusterId: string;
  /**
   * Namespace-targeted actions. For EXTEND it narrows the SKU match to this namespace;
   * omitted, EXTEND covers every namespace of the cluster.
   */
  namespace?: string;
  /** EXTEND by SKU prefix. */
  skuPrefix?: string;
  durationMs?: number;
  supportName?: string;
  supportSize?: string;
  /** Slack user id or `api:<token name>`. */
  requestedBy: string;
  /**
   * Idempotency key. The same key (e.g. a Slack interaction's trigger/action id, or an
   * API client's Idempotency-Key) always maps to the same command, so a retry never
   * executes twice.
   */
  idempotencyKey?: string;
  /** How long a command for an offline cluster may wait for it (default 10 minutes). */
  ttlMs?: number;
  requestId?: string;
}

export type DispatchOutcome =
  | { state: 'done'; commandId: string; result: CommandResult }
  /** `progress`: what the agent said when it began (ACCEPTED), e.g. "deleting: dev is terminating…". */
  | { state: 'pending'; commandId: string; progress?: string }
  | { state: 'expired'; commandId: string; message: string }
  /**
   * Nothing was stored. `cluster` means the cluster can never take it (`cluster` says
   * whether it is unknown or revoked): retrying will not help, unlike a Redis outage.
   */
  | { state: 'unavailable'; message: string; reason?: 'cluster'; cluster?: 'unknown' | 'revoked' };

/** Sends commands to whichever hub replica holds the cluster's stream. */
export interface CommandDispatcher {
  /**
   * Stores the command durably and routes it. Resolves with the result when it arrives
   * within `waitMs`, else with `pending` (poll `outcome` or use `onOutcome`) — carrying the
   * agent's `progress` when it said it has begun a long action (a delete, a resume).
   */
  dispatch(request: DispatchRequest, waitMs: number): Promise<DispatchOutcome>;
  outcome(commandId: string): Promise<DispatchOutcome | null>;
  /**
   * Called when the command finishes or expires (then no more), on whichever replica asked; also
   * with a `pending` outcome carrying `progress` when the agent reports it has begun (possibly
   * more than once: a listener shows a progress it has not shown yet).
   */
  onOutcome(commandId: string, listener: (outcome: DispatchOutcome) => void): () => void;
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  clusterId?: string;
  namespace?: string;
  outcome: 'allowed' | 'refused' | 'succeeded' | 'failed' | 'expired';
  detail?: string;
  commandId?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(options?: { limit?: number; before?: number }): Promise<AuditEntry[]>;
}

/** Where notifications from agents go after de-duplication by notification id. */
export interface NotificationSink {
  deliver(clusterId: string, notification: Notification): Promise<void>;
}

/** Cluster facts the Slack side needs (default channel, prices). */
export interface ClusterInfo {
  clusterId: string;
  name: string;
  defaultChannel?: string;
  connected: boolean;
  /** When the hub last heard from its agent (epoch ms): its data is as of then when offline. */
  lastSeen?: number;
  /** $/vCPU-hour and $/GiB-hour for this cluster (its own or the hub defaults). */
  prices?: ResourcePrices;
}

export interface ClusterDirectory {
  get(clusterId: string): Promise<ClusterInfo | null>;
  list(): Promise<ClusterInfo[]>;
}
