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
    audit: `${prefix}audit`,
    /** Pub/sub: one channel per hub replica, one for everybody. */
    hubChannel: (hubInstance: string) => `${prefix}hub:${hubInstance}`,
    broadcast: `${prefix}broadcast`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
