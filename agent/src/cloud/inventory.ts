/**
 * The agent's view of its cloud resources: one lookup per region, kept for a TTL and shared
 * by everything that asks in the meantime (status, snapshots, the sweep), so a schedule that
 * suspends 200 namespaces at 19:00 costs one DescribeInstances per region, not 200. Actions
 * ask for a lookup no older than a few seconds; the agent's own stop and start answers update
 * the kept state at once, so a re-plan right after a stop never stops the same thing twice.
 */

import type { Clock } from '@curfew/core';
import {
  type CloudPrices,
  type CloudRef,
  type CloudResource,
  cloudHourlyPrice,
  cloudKey,
  sameCloudRef,
} from '@curfew/core';
import type { CloudApi } from './types.js';

export interface CloudInventoryOptions {
  api: CloudApi;
  regions: readonly string[];
  clock: Clock;
  /** How long a region's lookup is reused. */
  ttlMs: number;
  prices: CloudPrices;
}

interface RegionView {
  fetchedAt: number;
  resources: CloudResource[];
}

interface Lookup {
  startedAt: number;
  promise: Promise<RegionView>;
}

export class CloudInventory {
  private readonly views = new Map<string, RegionView>();
  private readonly lookups = new Map<string, Lookup>();
  private readonly listeners = new Set<(namespaces: ReadonlySet<string>) => void>();

  constructor(private readonly options: CloudInventoryOptions) {}

  get regions(): readonly string[] {
    return this.options.regions;
  }

  get ttlMs(): number {
    return this.options.ttlMs;
  }

  /** Called with the namespaces whose resources (or their states) changed. */
  onChange(listener: (namespaces: ReadonlySet<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The namespace's resources in every region, from lookups at most `maxAgeMs` old
   * (default: the TTL). Throws when a region cannot be looked up: an action must not plan
   * from a partial picture (a missing region would read as "nothing to start").
   */
  async ofNamespace(namespace: string, maxAgeMs = this.options.ttlMs): Promise<CloudResource[]> {
    const views = await Promise.all(this.options.regions.map((r) => this.lookup(r, maxAgeMs)));
    return views.flatMap((view) => view.resources.filter((r) => r.namespace === namespace));
  }

  /** What the last lookups found for the namespace (no I/O: snapshots and status). */
  known(namespace: string): CloudResource[] {
    const out: CloudResource[] = [];
    for (const view of this.views.values()) {
      for (const resource of view.resources)
        if (resource.namespace === namespace) out.push(resource);
    }
    return out;
  }

  /** Every namespace with a resource in the last lookups. */
  namespaces(): Set<string> {
    const out = new Set<string>();
    for (const view of this.views.values()) for (const r of view.resources) out.add(r.namespace);
    return out;
  }

  /** Looks up every region whose view is older than the TTL; returns the regions that failed. */
  async refresh(maxAgeMs = this.options.ttlMs): Promise<{ region: string; error: unknown }[]> {
    const failed: { region: string; error: unknown }[] = [];
    await Promise.all(
      this.options.regions.map((region) =>
        this.lookup(region, maxAgeMs).catch((error: unknown) => {
          failed.push({ region, error });
        }),
      ),
    );
    return failed;
  }

  /** AWS answered a stop or start with `state`: keep it until the next lookup says otherwise. */
  noteState(ref: CloudRef, state: string): void {
    const view = this.views.get(ref.region);
    const resource = view?.resources.find((r) => sameCloudRef(r, ref));
    if (!view || !resource || resource.state === state) return;
    view.resources = view.resources.map((r) => (r === resource ? { ...r, state } : r));
    this.emit(new Set([resource.namespace]));
  }

  /** Dollars per hour while it runs, from the configured prices. */
  priceOf(resource: CloudResource): number | undefined {
    return cloudHourlyPrice(resource, this.options.prices);
  }

  private lookup(region: string, maxAgeMs: number): Promise<RegionView> {
    const now = this.options.clock.now();
    const view = this.views.get(region);
    if (view && now - view.fetchedAt <= maxAgeMs) return Promise.resolve(view);
    const running = this.lookups.get(region);
    if (running && now - running.startedAt <= maxAgeMs) return running.promise;
    const startedAt = now;
    const promise = this.options.api.discover(region).then(
      (resources) => {
        if (this.lookups.get(region)?.promise === promise) this.lookups.delete(region);
        const before = this.views.get(region);
        // An older lookup finishing after a newer one must not overwrite it.
        if (before && before.fetchedAt > startedAt) return before;
        const next: RegionView = { fetchedAt: startedAt, resources };
        this.views.set(region, next);
        this.emit(changedNamespaces(before?.resources ?? [], resources));
        return next;
      },
      (error: unknown) => {
        if (this.lookups.get(region)?.promise === promise) this.lookups.delete(region);
        throw error;
      },
    );
    this.lookups.set(region, { startedAt, promise });
    return promise;
  }

  private emit(namespaces: ReadonlySet<string>): void {
    if (namespaces.size === 0) return;
    for (const listener of this.listeners) listener(namespaces);
  }
}

function changedNamespaces(
  before: readonly CloudResource[],
  after: readonly CloudResource[],
): Set<string> {
  const key = (r: CloudResource) => `${cloudKey(r)} ${JSON.stringify(r)}`;
  const was = new Map(before.map((r) => [key(r), r.namespace]));
  const is = new Map(after.map((r) => [key(r), r.namespace]));
  const changed = new Set<string>();
  for (const [k, ns] of was) if (!is.has(k)) changed.add(ns);
  for (const [k, ns] of is) if (!was.has(k)) changed.add(ns);
  return changed;
}
