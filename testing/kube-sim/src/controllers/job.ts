import { controllerUser } from '../admission-types.js';
import type { KubeObject } from '../object.js';
import { clone, isPlainObject, kubeTime } from '../object.js';
import type { ResourceType } from '../resources.js';
import { mustResource } from '../resources.js';
import { isPodReady } from './kubelet.js';
import type { Controller, ControllerContext } from './runtime.js';
import { controllerOf, keyOf, ownerRef, splitKey } from './runtime.js';

const JOBS = mustResource('batch', 'jobs');
const PODS = mustResource('', 'pods');
const USER = { user: controllerUser('job-controller') };

const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);

function condition(type: string, reason: string, message: string, now: string) {
  return { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message };
}

/**
 * Job controller, simplified: runs up to `parallelism` pods until `completions` succeeded
 * (the simulated kubelet finishes Job pods after jobPodDurationMs), honours `suspend`, and
 * reports status with Complete/SuccessCriteriaMet conditions. Failures and backoff are not
 * simulated because simulated pods never fail.
 */
export function jobController(ctx: ControllerContext): Controller {
  return {
    name: 'job-controller',
    keysFor(rt: ResourceType, _type: string, obj: KubeObject) {
      if (rt === JOBS) return [keyOf(obj)];
      if (rt === PODS) {
        const owner = controllerOf(obj);
        if (owner?.kind === 'Job') return [`${obj.metadata.namespace}/${owner.name}`];
      }
      return [];
    },
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const job = ctx.api.store.get(JOBS, ns, name);
      if (!job || job.metadata.deletionTimestamp) return;
      const conditions = Array.isArray(job.status?.conditions) ? job.status.conditions : [];
      if (conditions.some((c) => isPlainObject(c) && c.type === 'Complete')) return;
      const pods = ctx.api.store
        .list(PODS, ns)
        .filter((p) => controllerOf(p)?.uid === job.metadata.uid);
      const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
      const active = pods.filter(
        (p) =>
          !p.metadata.deletionTimestamp &&
          p.status?.phase !== 'Succeeded' &&
          p.status?.phase !== 'Failed',
      );
      const completions = num(job.spec?.completions, 1);
      const parallelism = num(job.spec?.parallelism, 1);
      const suspended = job.spec?.suspend === true;
      const now = kubeTime(ctx.now());
      if (suspended) {
        for (const p of active)
          await ctx.api.registry
            .delete(PODS, ns, p.metadata.name ?? '', {}, USER)
            .catch(() => undefined);
      } else if (succeeded < completions) {
        const want = Math.min(parallelism, completions - succeeded) - active.length;
        for (let i = 0; i < want; i++) {
          const pod = await ctx.api.create(PODS, ns, podFor(job), USER);
          ctx.record(
            job,
            'SuccessfulCreate',
            `Created pod: ${pod.metadata.name}`,
            'job-controller',
          );
        }
      }
      const done = succeeded >= completions;
      const status: Record<string, unknown> = {
        ...(job.status ?? {}),
        startTime: job.status?.startTime ?? (suspended ? undefined : now),
        active: suspended
          ? 0
          : done
            ? 0
            : Math.max(active.length, Math.min(parallelism, completions - succeeded)),
        succeeded,
        // Active pods passing readiness; `terminating` is reported since JobPodReplacementPolicy
        // (beta, on by default from 1.29).
        ready: done ? 0 : active.filter(isPodReady).length,
        terminating: 0,
        uncountedTerminatedPods: {},
      };
      if (done) {
        ctx.record(job, 'Completed', 'Job completed', 'job-controller');
        status.completionTime = now;
        status.conditions = [
          condition(
            'SuccessCriteriaMet',
            'CompletionsReached',
            'Reached expected number of succeeded pods',
            now,
          ),
          condition(
            'Complete',
            'CompletionsReached',
            'Reached expected number of succeeded pods',
            now,
          ),
        ];
      } else if (suspended) {
        status.conditions = [condition('Suspended', 'JobSuspended', 'Job suspended', now)];
      }
      for (const k of ['active', 'succeeded']) if (status[k] === 0) delete status[k];
      if (status.startTime === undefined) delete status.startTime;
      await ctx.api.registry.guaranteedUpdate(
        JOBS,
        ns,
        name,
        'status',
        (cur) => ({ ...cur, status }),
        USER,
      );
    },
  };
}

function podFor(job: KubeObject): KubeObject {
  const tpl = isPlainObject(job.spec?.template) ? clone(job.spec.template) : {};
  const meta = isPlainObject(tpl.metadata) ? tpl.metadata : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...meta,
      generateName: `${job.metadata.name}-`,
      namespace: job.metadata.namespace,
      ownerReferences: [ownerRef(job, 'batch/v1', 'Job')],
    },
    spec: isPlainObject(tpl.spec) ? tpl.spec : {},
  };
}
