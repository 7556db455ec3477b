/**
 * What the agent knows of the GitOps reconcilers (Argo CD Applications, Flux Kustomizations and
 * HelmReleases): which kinds this cluster serves and may be changed by the agent, and every
 * object Curfew paused — for the namespace snapshots (status, the admin API) and for resume and
 * the sweep to find what to restore. There is no informer for them (few objects, read when
 * acting): the registry is filled by cluster-wide lists — the first use of a kind after this
 * agent became leader, and every sweep — and kept current by the agent's own reads and writes.
 * The truth stays on the objects (the `curfew.dev/paused-by-curfew` record); this is a cache.
 */
import { isPausedByCurfew, pausedFor, type ReconcilerKind, reconcilerKey } from '@curfew/core';
import { KubeError } from '../kube/errors.js';
import type { ReconcilerObject } from '../kube/types.js';

export const RECONCILER_KINDS: readonly ReconcilerKind[] = [
  'Application',
  'Kustomization',
  'HelmRelease',
];

/** `served`: its CRD is installed and the agent may use it; `forbidden`: RBAC says no (403). */
export type KindAvailability = 'served' | 'absent' | 'forbidden';

export type ListReconcilers = (kind: ReconcilerKind) => Promise<ReconcilerObject[] | null>;

export class ReconcilerRegistry {
  private readonly loads = new Map<ReconcilerKind, Promise<KindAvailability>>();
  private readonly availability = new Map<ReconcilerKind, KindAvailability>();
  private readonly paused = new Map<string, ReconcilerObject>();
  private readonly listeners: ((namespaces: string[]) => void)[] = [];

  constructor(
    /** Where Argo CD's Applications live (what an instance label without `_` names). */
    readonly argoNamespace: string,
    private readonly list: ListReconcilers,
  ) {}

  /** Called with the namespaces whose paused reconcilers changed (their summaries did). */
  onChange(listener: (namespaces: string[]) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Whether `kind` can be paused, listing it once (and learning what Curfew paused of it) unless
   * that was done since the last `invalidate`. A failed list (500, no connection) is not
   * remembered: the caller's action fails and is tried again.
   */
  served(kind: ReconcilerKind): Promise<KindAvailability> {
    let load = this.loads.get(kind);
    if (!load) {
      load = this.load(kind);
      this.loads.set(kind, load);
      load.catch(() => this.loads.delete(kind));
    }
    return load;
  }

  /** Lists every kind again now (the sweep). */
  async refresh(): Promise<Record<ReconcilerKind, KindAvailability>> {
    this.loads.clear();
    const found = await Promise.all(RECONCILER_KINDS.map((kind) => this.served(kind)));
    return Object.fromEntries(RECONCILER_KINDS.map((kind, i) => [kind, found[i]])) as Record<
      ReconcilerKind,
      KindAvailability
    >;
  }

  /**
   * Forget what was listed (a new leader): another agent may have paused or restored reconcilers
   * meanwhile, so the next use of each kind lists it again.
   */
  invalidate(): void {
    this.loads.clear();
  }

  /** One object as the agent just read or wrote it. */
  note(object: ReconcilerObject): void {
    const key = reconcilerKey(object.ref);
    const before = this.paused.get(key);
    if (before && isOlder(object, before)) return;
    if (isPausedByCurfew(object.annotations)) this.paused.set(key, object);
    else this.paused.delete(key);
    this.changed(before, object);
  }

  /** It is gone (404). */
  forget(ref: ReconcilerObject['ref']): void {
    const key = reconcilerKey(ref);
    const before = this.paused.get(key);
    if (!before) return;
    this.paused.delete(key);
    this.changed(before, undefined);
  }

  /** The reconcilers Curfew paused for `namespace`, sorted by key. */
  pausedFor(namespace: string): ReconcilerObject[] {
    return this.all().filter((o) => pausedFor(o.annotations).includes(namespace));
  }

  /** Every reconciler Curfew paused, sorted by key. */
  all(): ReconcilerObject[] {
    return [...this.paused.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, o]) => o);
  }

  /** What was learnt of each kind so far (undefined: not listed yet). */
  availabilityOf(kind: ReconcilerKind): KindAvailability | undefined {
    return this.availability.get(kind);
  }

  private async load(kind: ReconcilerKind): Promise<KindAvailability> {
    let found: ReconcilerObject[] | null;
    let availability: KindAvailability;
    try {
      found = await this.list(kind);
      availability = found === null ? 'absent' : 'served';
    } catch (error) {
      if (!(error instanceof KubeError) || error.status !== 403) throw error;
      found = null;
      availability = 'forbidden';
    }
    this.availability.set(kind, availability);
    this.replace(kind, found ?? []);
    return availability;
  }

  /** A full list of one kind replaces what was known of it (newer own writes win). */
  private replace(kind: ReconcilerKind, objects: readonly ReconcilerObject[]): void {
    const listed = new Map(objects.map((o) => [reconcilerKey(o.ref), o]));
    for (const [key, before] of [...this.paused]) {
      if (before.ref.kind !== kind || listed.has(key)) continue;
      this.paused.delete(key);
      this.changed(before, undefined);
    }
    for (const object of listed.values()) this.note(object);
  }

  /** Tells the listeners which namespaces' paused reconcilers changed (the summaries show them). */
  private changed(before: ReconcilerObject | undefined, after: ReconcilerObject | undefined) {
    const was = before ? pausedFor(before.annotations) : [];
    const now = after ? pausedFor(after.annotations) : [];
    if (was.join(',') === now.join(',')) return;
    const namespaces = [...new Set([...was, ...now])];
    for (const listener of this.listeners) listener(namespaces);
  }
}

/** resourceVersions are opaque, but etcd's are increasing integers; others are taken as new. */
function isOlder(object: ReconcilerObject, known: ReconcilerObject): boolean {
  const next = Number(object.resourceVersion);
  const current = Number(known.resourceVersion);
  if (!Number.isSafeInteger(next) || !Number.isSafeInteger(current)) return false;
  return next < current;
}
