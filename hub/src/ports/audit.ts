/** The audit log. */

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
