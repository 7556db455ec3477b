/** Commands as a requester (Slack, the admin API) sees them: dispatch and outcome. */
import type { Action, CommandResult } from '@curfew/proto';

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
  /**
   * How the command is named in the audit log when its channel knows better than the bare
   * action: Slack's `slack:extend` and what was asked (`/tribe +1h`). The hub records one
   * entry per command, when it finishes or expires, on whichever replica sees that; without
   * it the entry is named by the action (`suspend`).
   */
  audit?: { action: string; detail?: string };
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

/** The dispatcher as the admin API uses it. */
export interface AdminDispatcher extends CommandDispatcher {
  /** Throws when any request reuses an Idempotency-Key for a different request. */
  refuseReusedKeys(requests: DispatchRequest[]): Promise<void>;
}
