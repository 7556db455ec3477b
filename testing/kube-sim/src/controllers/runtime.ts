import type { Api } from '../api.js';
import type { KubeObject } from '../object.js';
import type { ResourceType } from '../resources.js';
import { ApiError } from '../status.js';
import type { Recorder } from './recorder.js';

export interface ControllerContext {
  api: Api;
  now: () => number;
  /** How long a started pod waits before it reports Ready. */
  readyDelayMs: number;
  /** How long a deleted pod lingers as Terminating (capped by its grace period). */
  podTerminationDelayMs: number;
  /** How long a Job's pod runs before it Succeeds. */
  jobPodDurationMs: number;
  /** Writes a core/v1 Event about an object (no-op when events are off). */
  record: Recorder;
  /** Timers go through here so stop() can cancel them all. */
  later(ms: number, fn: () => void): void;
}

export interface Controller {
  name: string;
  /** Keys (`ns/name`) of this controller's objects affected by a change. */
  keysFor(rt: ResourceType, type: string, obj: KubeObject): string[];
  /** Resolves to a delay when the key wants another look later (client-go's AddAfter). */
  reconcile(key: string): Promise<number | undefined>;
}

/**
 * A work queue per controller, like client-go's: keys are deduplicated, handled one at a time,
 * and requeued after a short pause on conflicts (another writer got there first).
 */
export class ControllerRunner {
  private readonly queue = new Set<string>();
  private running = false;
  private stopped = false;

  constructor(
    private readonly controller: Controller,
    private readonly ctx: ControllerContext,
  ) {}

  observe(rt: ResourceType, type: string, obj: KubeObject): void {
    for (const k of this.controller.keysFor(rt, type, obj)) this.enqueue(k);
  }

  enqueue(key: string): void {
    if (this.stopped) return;
    this.queue.add(key);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
  }

  stop(): void {
    this.stopped = true;
    this.queue.clear();
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0 && !this.stopped) {
      const key = this.queue.values().next().value as string;
      this.queue.delete(key);
      try {
        const after = await this.controller.reconcile(key);
        if (typeof after === 'number') this.ctx.later(after, () => this.enqueue(key));
      } catch (e) {
        const retry = e instanceof ApiError && (e.code === 409 || e.code >= 500 || e.code === 429);
        if (retry) this.ctx.later(20, () => this.enqueue(key));
        else if (!(e instanceof ApiError)) {
          console.error(`kube-sim: ${this.controller.name} failed on ${key}:`, e);
        }
      }
    }
    this.running = false;
  }
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

export function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

export function controllerOf(
  o: KubeObject,
): { kind: string; name: string; uid: string } | undefined {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller === true);
  return ref ? { kind: ref.kind, name: ref.name, uid: ref.uid } : undefined;
}

export function ownerRef(owner: KubeObject, apiVersion: string, kind: string) {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
