/** Every Redis key and channel the hub uses, in one place so the layout is reviewable. */
export function redisKeys(prefix: string) {
  return {
    clusters: `${prefix}clusters`,
    cluster: (clusterId: string) => `${prefix}cluster:${clusterId}`,
    presence: (clusterId: string) => `${prefix}presence:${clusterId}`,
    command: (commandId: string) => `${prefix}cmd:${commandId}`,
    idempotency: (key: string) => `${prefix}idem:${key}`,
    /** Per cluster: commands not yet answered, scored by creation time (delivery order). */
    queue: (clusterId: string) => `${prefix}queue:${clusterId}`,
    /** Every unfinished command, scored by when the hub should expire it. */
    deadlines: `${prefix}deadlines`,
    snapshot: (clusterId: string) => `${prefix}snap:${clusterId}`,
    notification: (clusterId: string, id: string) => `${prefix}notif:${clusterId}:${id}`,
    /** Claims the audit entry of an agent's own action, once per notification id. */
    notificationAudit: (clusterId: string, id: string) => `${prefix}notif-audit:${clusterId}:${id}`,
    /** Per cluster: which agent stream's snapshot sequence was applied last. */
    snapshotSequence: (clusterId: string) => `${prefix}snapseq:${clusterId}`,
    /** Every audit entry of every log below, by time (exactly their union). */
    audit: `${prefix}audit`,
    /** One cluster's audit entries, by time, capped on their own. */
    auditCluster: (clusterId: string) => `${prefix}audit:cluster:${clusterId}`,
    /** The audit entries that name no cluster (API token and cluster changes, hub refusals). */
    auditHub: `${prefix}audit:hub`,
    /** Per cluster: namespace → requests while last running (what a suspend saves). */
    footprints: (clusterId: string) => `${prefix}footprint:${clusterId}`,
    /** Per cluster: namespace → suspended period still open. */
    suspensionsOpen: (clusterId: string) => `${prefix}susp-open:${clusterId}`,
    /** Finished suspended periods of every cluster, scored by their end. */
    suspensionsClosed: `${prefix}susp-closed`,
    /** Pub/sub: one channel per hub replica, one for everybody. */
    hubChannel: (hubInstance: string) => `${prefix}hub:${hubInstance}`,
    broadcast: `${prefix}broadcast`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
