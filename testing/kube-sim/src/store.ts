import type { KubeObject } from './object.js';
import type { ResourceType } from './resources.js';
import { WatchHub } from './watch-hub.js';

/**
 * The etcd of the simulator: objects per resource, namespace and name, and one global
 * monotonically increasing resourceVersion shared by every type, exactly like etcd's revision.
 * It enforces nothing: API semantics live in the registry.
 */
export class Store {
  private rv = 1;
  private readonly data = new Map<ResourceType, Map<string, Map<string, KubeObject>>>();
  readonly hub: WatchHub;
  private readonly listeners = new Set<(rt: ResourceType, type: string, obj: KubeObject) => void>();

  constructor(historyCapacity = 10_000) {
    this.hub = new WatchHub(historyCapacity);
  }

  currentRv(): number {
    return this.rv;
  }

  private bucket(rt: ResourceType, ns: string): Map<string, KubeObject> {
    let byNs = this.data.get(rt);
    if (!byNs) {
      byNs = new Map();
      this.data.set(rt, byNs);
    }
    let b = byNs.get(ns);
    if (!b) {
      b = new Map();
      byNs.set(ns, b);
    }
    return b;
  }

  get(rt: ResourceType, ns: string, name: string): KubeObject | undefined {
    return this.data.get(rt)?.get(ns)?.get(name);
  }

  /** Objects in key order (namespace, then name), the order etcd returns a range in. */
  list(rt: ResourceType, ns: string | undefined): KubeObject[] {
    const byNs = this.data.get(rt);
    if (!byNs) return [];
    const namespaces = ns !== undefined ? [ns] : [...byNs.keys()].sort();
    const out: KubeObject[] = [];
    for (const n of namespaces) {
      const b = byNs.get(n);
      if (!b) continue;
      for (const name of [...b.keys()].sort()) {
        const o = b.get(name);
        if (o) out.push(o);
      }
    }
    return out;
  }

  count(rt: ResourceType): number {
    let n = 0;
    for (const b of this.data.get(rt)?.values() ?? []) n += b.size;
    return n;
  }

  /** Writes (create or replace) and stamps the next resourceVersion; the object must be a private copy. */
  put(rt: ResourceType, obj: KubeObject): KubeObject {
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    const b = this.bucket(rt, ns);
    const previous = b.get(name);
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    b.set(name, obj);
    this.hub.publish(rt, {
      type: previous ? 'MODIFIED' : 'ADDED',
      rv: this.rv,
      object: obj,
      previous,
    });
    this.notify(rt, previous ? 'MODIFIED' : 'ADDED', obj);
    return obj;
  }

  remove(rt: ResourceType, ns: string, name: string): KubeObject | undefined {
    const b = this.data.get(rt)?.get(ns);
    const previous = b?.get(name);
    if (!b || !previous) return undefined;
    b.delete(name);
    this.rv++;
    // The DELETED event carries the last state with the deletion's resourceVersion, as etcd3 does.
    const obj: KubeObject = {
      ...previous,
      metadata: { ...previous.metadata, resourceVersion: String(this.rv) },
    };
    this.hub.publish(rt, { type: 'DELETED', rv: this.rv, object: obj, previous });
    this.notify(rt, 'DELETED', obj);
    return obj;
  }

  /** Resolves true once the store has reached `rv`, false when `timeoutMs` passes first. */
  waitForRv(rv: number, timeoutMs: number): Promise<boolean> {
    if (this.rv >= rv) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (reached: boolean) => {
        clearTimeout(timer);
        off();
        resolve(reached);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const off = this.onChange(() => {
        if (this.rv >= rv) done(true);
      });
    });
  }

  /** In-process subscription for controllers; they react after the write, never inside it. */
  onChange(fn: (rt: ResourceType, type: string, obj: KubeObject) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify(rt: ResourceType, type: string, obj: KubeObject): void {
    for (const fn of this.listeners) fn(rt, type, obj);
  }
}
