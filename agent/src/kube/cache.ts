import type {
  CronJobObject,
  NamespaceObject,
  PodObject,
  WatchEvent,
  WatchedObject,
  WorkloadObject,
} from './types.js';

interface Contents {
  workloads: Map<string, WorkloadObject>;
  cronJobs: Map<string, CronJobObject>;
  pods: Map<string, PodObject>;
}

export interface Usage {
  runningPods: number;
  cpuMillis: number;
  memoryBytes: number;
}

export interface CacheChange {
  namespace: string;
  previous: WatchedObject | undefined;
  event: WatchEvent;
  /** False for an event that brings nothing new (older, or our own write seen again). */
  changed: boolean;
}

/**
 * What the informers have seen, indexed by namespace. The only reader of cluster state for
 * decisions: the agent never LISTs to decide, it reads this cache.
 */
export class ClusterCache {
  readonly namespaces = new Map<string, NamespaceObject>();
  private readonly contents = new Map<string, Contents>();
  private readonly listeners: ((change: CacheChange) => void)[] = [];

  /** Called for every change that brought something new, from a watch or a write-through. */
  onChange(listener: (change: CacheChange) => void): void {
    this.listeners.push(listener);
  }

  apply(event: WatchEvent): CacheChange {
    const change = this.applyOne(event);
    if (change.changed) for (const listener of this.listeners) listener(change);
    return change;
  }

  /**
   * Applies a watch event — or the agent's own write result (write-through, so the next
   * decision sees what was just written even before the watch delivers it). An upsert older
   * than (or as old as) what is cached is ignored: with several watches and write-through, events can
   * arrive out of order. resourceVersions are formally opaque, but every API server backed
   * by etcd issues increasing integers; non-numeric ones are applied as they come.
   */
  private applyOne(event: WatchEvent): CacheChange {
    const object = event.object;
    const namespace = object.kind === 'Namespace' ? object.meta.name : object.meta.namespace;
    let previous: WatchedObject | undefined;
    if (object.kind === 'Namespace') {
      previous = this.namespaces.get(namespace);
      if (event.type === 'upsert' && !isNewer(object, previous)) {
        return { namespace, previous, event, changed: false };
      }
      if (event.type === 'delete') {
        this.namespaces.delete(namespace);
        this.contents.delete(namespace);
      } else this.namespaces.set(namespace, object);
      return { namespace, previous, event, changed: true };
    }
    const contents = this.contentsOf(namespace);
    const map: Map<string, WatchedObject> =
      object.kind === 'Pod'
        ? contents.pods
        : object.kind === 'CronJob'
          ? contents.cronJobs
          : contents.workloads;
    const key =
      object.kind === 'Pod' || object.kind === 'CronJob' ? object.meta.name : workloadKey(object);
    previous = map.get(key);
    if (event.type === 'upsert' && !isNewer(object, previous)) {
      return { namespace, previous, event, changed: false };
    }
    if (event.type === 'delete') map.delete(key);
    else map.set(key, object);
    return { namespace, previous, event, changed: true };
  }

  namespace(name: string): NamespaceObject | undefined {
    return this.namespaces.get(name);
  }

  workloads(namespace: string): WorkloadObject[] {
    return [...(this.contents.get(namespace)?.workloads.values() ?? [])];
  }

  workload(kind: WorkloadObject['kind'], namespace: string, name: string) {
    return this.contents.get(namespace)?.workloads.get(`${kind}/${name}`);
  }

  cronJobs(namespace: string): CronJobObject[] {
    return [...(this.contents.get(namespace)?.cronJobs.values() ?? [])];
  }

  pods(namespace: string): PodObject[] {
    return [...(this.contents.get(namespace)?.pods.values() ?? [])];
  }

  /** Pods that hold (or are about to hold) node capacity: Running and Pending. */
  usage(namespace: string): Usage {
    const usage: Usage = { runningPods: 0, cpuMillis: 0, memoryBytes: 0 };
    for (const pod of this.contents.get(namespace)?.pods.values() ?? []) {
      if (pod.meta.deleting || (pod.phase !== 'Running' && pod.phase !== 'Pending')) continue;
      usage.runningPods += 1;
      usage.cpuMillis += pod.cpuMillis;
      usage.memoryBytes += pod.memoryBytes;
    }
    return usage;
  }

  private contentsOf(namespace: string): Contents {
    let contents = this.contents.get(namespace);
    if (!contents) {
      contents = { workloads: new Map(), cronJobs: new Map(), pods: new Map() };
      this.contents.set(namespace, contents);
    }
    return contents;
  }
}

export function workloadKey(workload: Pick<WorkloadObject, 'kind' | 'meta'>): string {
  return `${workload.kind}/${workload.meta.name}`;
}

function isNewer(object: WatchedObject, cached: WatchedObject | undefined): boolean {
  if (!cached) return true;
  if (object.meta.resourceVersion === cached.meta.resourceVersion) return false;
  const next = Number(object.meta.resourceVersion);
  const current = Number(cached.meta.resourceVersion);
  if (!Number.isSafeInteger(next) || !Number.isSafeInteger(current)) return true;
  return next > current;
}
