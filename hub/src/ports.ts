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
   * Called when the command finishes or expires (then no more), on this replica (which asked);
   * also with a `pending` outcome carrying `progress` when the agent reports it has begun
   * (possibly more than once: a listener shows a progress it has not shown yet).
   */
  onOutcome(commandId: string, listener: (outcome: DispatchOutcome) => void): () => void;
  /**
   * Called on every replica whenever any command finishes or expires, whichever replica
   * asked: a hint to look at `outcome`. Hints can be lost (pub/sub), so anything that must
   * happen keeps its own state in Redis and looks again later too.
   */
  onFinished(listener: (commandId: string) => void): () => void;
}

export interface AuditEntry {
  at: number;
  actor: string;
  /**
   * Who vouches for `actor`. Absent: the hub itself authenticated it (a signed Slack request,
   * an API token, a command it stored). `agent:<cluster>`: that cluster's agent reported it,
   * unverified — an agent can claim any actor, so readers must not take it as proof.
   */
  actorSource?: string;
  action: string;
  clusterId?: string;
  namespace?: string;
  outcome: 'allowed' | 'refused' | 'succeeded' | 'failed' | 'expired';
  detail?: string;
  commandId?: string;
}

export interface AuditQuery {
  limit?: number;
  /** Epoch ms, exclusive. */
  before?: number;
  /** Only this cluster's log. */
  clusterId?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(options?: AuditQuery): Promise<AuditEntry[]>;
}

/** Where notifications from agents go after de-duplication by notification id. */
export interface NotificationSink {
  /**
   * 'dropped': not delivered on purpose (the cluster is over its notification budget); the
   * agent is acknowledged all the same, re-sending would only add to the flood.
   */
  deliver(clusterId: string, notification: Notification): Promise<undefined | 'dropped'>;
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

// ---- Admin API seams: what its route handlers may use (api/deps.ts), implemented over Redis by
// agents/, savings/ and routing/, so a handler never holds a store class.

/** A registered cluster as the admin API shows it. */
export interface ClusterRecord {
  id: string;
  name: string;
  defaultChannel?: string;
  createdAt: number;
  revoked: boolean;
  connected: boolean;
  /** Replica holding the stream right now. */
  hubInstance?: string;
  agentVersion?: string;
  agentInstance?: string;
  capabilities: string[];
  lastSeen?: number;
  /** While a rotated-out token is still accepted. */
  previousTokenValidUntil?: number;
  /** What this cluster's resources cost: its own prices where set, else the hub defaults. */
  prices: ResourcePrices;
  /** The prices set for this cluster itself (the rest come from the hub defaults). */
  priceOverrides: Partial<ResourcePrices>;
}

/** Per-cluster price changes: a number sets it, null falls back to the hub default. */
export type PriceChanges = { [K in keyof ResourcePrices]?: number | null };

/** Registered clusters: their records and prices. */
export interface ClusterRecords {
  record(clusterId: string): Promise<ClusterRecord | null>;
  records(): Promise<ClusterRecord[]>;
  /** False when the cluster is not registered. */
  setPrices(clusterId: string, changes: PriceChanges): Promise<boolean>;
}

/** Agent tokens: only their hashes are stored; a token is shown once, when made. */
export interface ClusterTokens {
  /** Registers the cluster; returns its first token. */
  register(clusterId: string, fields: { name: string; defaultChannel?: string }): Promise<string>;
  /** A new token (the old one accepted for `overlapMs`); null: no such cluster. */
  rotate(clusterId: string, overlapMs: number): Promise<string | null | 'revoked'>;
  /** False when the cluster is not registered. */
  revoke(clusterId: string): Promise<boolean>;
}

/** A namespace's suspended stretch, for the savings report. */
export interface SuspensionPeriod {
  clusterId: string;
  namespace: string;
  start: number;
  end: number;
  /** Requests while last running; absent when the hub never saw it running. */
  footprint?: { cpuMillis: number; memoryBytes: number };
  /** $ per hour of the priced cloud resources Curfew stopped with the namespace. */
  cloudDollarsPerHour?: number;
}

/** When namespaces were suspended (savings). */
export interface SuspensionHistory {
  periods(clusterIds: readonly string[], from: number, now: number): Promise<SuspensionPeriod[]>;
}

/** The agents' streams, on whichever replica holds them. */
export interface AgentStreams {
  /** Closes the cluster's stream everywhere (a revoked token must not keep talking). */
  kick(clusterId: string, reason: 'revoked'): Promise<void>;
}

/** The dispatcher as the admin API uses it. */
export interface AdminDispatcher extends CommandDispatcher {
  /** Throws when any request reuses an Idempotency-Key for a different request. */
  refuseReusedKeys(requests: DispatchRequest[]): Promise<void>;
}
