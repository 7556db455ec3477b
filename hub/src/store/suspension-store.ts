/**
 * Keeps the suspended periods of every namespace, from the snapshots agents send, so the
 * savings report can price them later. A period is [suspended at, resumed or gone at] with
 * the namespace's "footprint": the pod requests it last had while running (a suspended
 * namespace requests nothing, so its own requests say nothing about what it saves).
 *
 * Only the stream holding a cluster applies its snapshots (in order), so each cluster has
 * one writer at a time; the calls need no Lua. Opening uses HSETNX so a repeated snapshot
 * never moves a period's start.
 */
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { NamespaceState, type NamespaceSummary, type Snapshot } from '@curfew/proto';
import type { Redis } from 'ioredis';
import type { SuspensionPeriod, SuspensionTracker } from '../ports.js';
import type { RedisKeys } from '../redis/keys.js';

type Footprint = NonNullable<SuspensionPeriod['footprint']>;

/** Closed periods kept; older ones fall out of the report (Redis is memory). */
const MAX_CLOSED = 200_000;

interface OpenPeriod {
  start: number;
  footprint?: Footprint;
  cloudDollarsPerHour?: number;
}

/** $ per hour of the priced cloud resources Curfew stopped with a suspended namespace. */
function cloudDollarsPerHourOf(summary: NamespaceSummary): number {
  return summary.cloudResources
    .filter((r) => r.stoppedByCurfew && r.dollarsPerHour !== undefined)
    .reduce((sum, r) => sum + (r.dollarsPerHour ?? 0), 0);
}

function footprintOf(summary: NamespaceSummary): Footprint | undefined {
  const cpuMillis = Number(summary.requested?.cpuMillis ?? 0n);
  const memoryBytes = Number(summary.requested?.memoryBytes ?? 0n);
  return cpuMillis > 0 || memoryBytes > 0 ? { cpuMillis, memoryBytes } : undefined;
}

/** The period as it stands at `end` (never before it started). */
function periodUntil(
  clusterId: string,
  namespace: string,
  open: OpenPeriod,
  end: number,
): SuspensionPeriod {
  return {
    clusterId,
    namespace,
    start: open.start,
    end: Math.max(open.start, end),
    ...(open.footprint ? { footprint: open.footprint } : {}),
    ...(open.cloudDollarsPerHour ? { cloudDollarsPerHour: open.cloudDollarsPerHour } : {}),
  };
}

export class RedisSuspensionTracker implements SuspensionTracker {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly maxClosed = MAX_CLOSED,
  ) {}

  /** Call with every applied snapshot of the cluster. */
  async observe(clusterId: string, snapshot: Snapshot, now: number): Promise<void> {
    const openKey = this.keys.suspensionsOpen(clusterId);
    const open = await this.redis.hgetall(openKey);
    const opening = snapshot.namespaces.filter(
      (summary) => summary.state === NamespaceState.SUSPENDED && open[summary.name] === undefined,
    );
    const footprints = await this.#lastFootprints(
      clusterId,
      opening.map((summary) => summary.name),
    );
    const multi = this.redis.multi();
    const ending = new Set<string>();
    for (const summary of snapshot.namespaces) {
      const name = summary.name;
      if (summary.state === NamespaceState.SUSPENDED) {
        if (open[name] !== undefined) continue;
        const footprint = footprints.get(name);
        const cloud = cloudDollarsPerHourOf(summary);
        const period: OpenPeriod = {
          // The agent's own suspend time when it reports one; a hub that first hears of
          // the namespace later would otherwise lose the hours before.
          start: summary.suspendedAt ? Math.min(timestampMs(summary.suspendedAt), now) : now,
          ...(footprint ? { footprint } : {}),
          ...(cloud > 0 ? { cloudDollarsPerHour: cloud } : {}),
        };
        multi.hsetnx(openKey, name, JSON.stringify(period));
        continue;
      }
      const footprint = footprintOf(summary);
      if (summary.state === NamespaceState.RUNNING && footprint) {
        multi.hset(this.keys.footprints(clusterId), name, JSON.stringify(footprint));
      }
      if (open[name] !== undefined) ending.add(name);
    }
    for (const name of snapshot.removed) if (open[name] !== undefined) ending.add(name);
    if (snapshot.full) {
      const present = new Set(snapshot.namespaces.map((summary) => summary.name));
      for (const name of Object.keys(open)) if (!present.has(name)) ending.add(name);
    }
    for (const name of ending) {
      const closed = periodUntil(
        clusterId,
        name,
        JSON.parse(open[name] ?? '{}') as OpenPeriod,
        now,
      );
      multi.zadd(this.keys.suspensionsClosed, closed.end, JSON.stringify(closed));
      multi.hdel(openKey, name);
    }
    if (ending.size > 0) {
      multi.zremrangebyrank(this.keys.suspensionsClosed, 0, -this.maxClosed - 1);
    }
    await multi.exec();
  }

  /** Periods overlapping [from, to); open ones end at `now`. */
  async periods(
    clusterIds: readonly string[],
    from: number,
    now: number,
  ): Promise<SuspensionPeriod[]> {
    const closed = await this.redis.zrangebyscore(this.keys.suspensionsClosed, from, '+inf');
    const periods = closed.map((member) => JSON.parse(member) as SuspensionPeriod);
    const pipeline = this.redis.pipeline();
    for (const id of clusterIds) pipeline.hgetall(this.keys.suspensionsOpen(id));
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([, hash], index) => {
      const clusterId = clusterIds[index];
      if (!clusterId) return;
      for (const [namespace, value] of Object.entries((hash ?? {}) as Record<string, string>)) {
        periods.push(periodUntil(clusterId, namespace, JSON.parse(value) as OpenPeriod, now));
      }
    });
    return periods;
  }

  /** One round trip for every namespace a snapshot suspends (a schedule suspends many at once). */
  async #lastFootprints(clusterId: string, namespaces: string[]): Promise<Map<string, Footprint>> {
    const found = new Map<string, Footprint>();
    if (namespaces.length === 0) return found;
    const texts = await this.redis.hmget(this.keys.footprints(clusterId), ...namespaces);
    namespaces.forEach((namespace, index) => {
      const text = texts[index];
      if (text) found.set(namespace, JSON.parse(text) as Footprint);
    });
    return found;
  }
}
