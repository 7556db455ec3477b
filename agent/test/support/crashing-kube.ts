import type { KubeApi, WatchEvent, Watching } from '../../src/kube/types.js';
import { CrashedError } from './fake-kube.js';

const WRITES = new Set([
  'annotateNamespace',
  'deleteNamespace',
  'scaleWorkload',
  'patchWorkload',
  'patchCronJob',
  'createEvent',
  'createLease',
  'replaceLease',
  'annotateScaledObject',
  'patchReconciler',
  'createPod',
  'deletePod',
  'patchPodAnnotations',
]);

/** A write that completed before the crash: the KubeApi method and its arguments. */
export interface WriteRecord {
  method: string;
  args: unknown[];
}

/**
 * Wraps any KubeApi (fake or real HTTP) so the "process dies" after a number of completed
 * writes: every later call throws and no more watch events arrive — a kill -9 between two
 * requests, whatever the cluster behind it. `state.writes` lists the writes that completed.
 * Lease writes count too: tests that crash at a given write run without leader election.
 */
export function crashing(inner: KubeApi, writesBeforeCrash: number) {
  let left = writesBeforeCrash;
  let dead = false;
  const writes: WriteRecord[] = [];
  const state = {
    get dead() {
      return dead;
    },
    writes,
    kill() {
      dead = true;
    },
  };
  const handler: ProxyHandler<KubeApi> = {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'watch') {
        return (onEvent: (e: WatchEvent) => void): Watching =>
          target.watch((event) => {
            if (!dead) onEvent(event);
          });
      }
      return async (...args: unknown[]) => {
        if (dead) throw new CrashedError();
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (WRITES.has(String(property))) {
          writes.push({ method: String(property), args });
          left -= 1;
          if (left <= 0) dead = true;
        }
        return result;
      };
    },
  };
  return { kube: new Proxy(inner, handler), state };
}
