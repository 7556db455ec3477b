import { controllerUser } from '../admission-types.js';
import type { CronSchedule } from '../cron.js';
import { cronMatches, parseCron } from '../cron.js';
import type { KubeObject } from '../object.js';
import { clone, isPlainObject, kubeTime } from '../object.js';
import type { ResourceType } from '../resources.js';
import { mustResource } from '../resources.js';
import type { Controller, ControllerContext } from './runtime.js';
import { controllerOf, keyOf, ownerRef, splitKey } from './runtime.js';

const CRONJOBS = mustResource('batch', 'cronjobs');
const JOBS = mustResource('batch', 'jobs');
const USER = { user: controllerUser('cronjob-controller') };
const MINUTE = 60_000;

function finished(job: KubeObject): boolean {
  const conds = Array.isArray(job.status?.conditions) ? job.status.conditions : [];
  return conds.some(
    (c) =>
      isPlainObject(c) && (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

/**
 * CronJob controller: on each tick, when the current minute (in spec.timeZone, UTC by default)
 * matches the schedule and has not run yet, it creates the Job `<name>-<minutes since epoch>`
 * like the real controller, for schedule times after its creation. `suspend: true` stops new Jobs; concurrencyPolicy Forbid/Replace
 * and the history limits are honoured. Minutes missed while not ticking are not caught up.
 */
export function cronJobController(ctx: ControllerContext): Controller {
  const parsed = new Map<string, { spec: string; schedule: CronSchedule }>();
  return {
    name: 'cronjob-controller',
    keysFor(rt: ResourceType, _type: string, obj: KubeObject) {
      if (rt === CRONJOBS) return [keyOf(obj)];
      if (rt === JOBS) {
        const owner = controllerOf(obj);
        if (owner?.kind === 'CronJob') return [`${obj.metadata.namespace}/${owner.name}`];
      }
      return [];
    },
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const cj = ctx.api.store.get(CRONJOBS, ns, name);
      if (!cj || cj.metadata.deletionTimestamp) return;
      const spec = String(cj.spec?.schedule ?? '');
      let entry = parsed.get(key);
      if (entry?.spec !== spec) {
        entry = { spec, schedule: parseCron(spec) };
        parsed.set(key, entry);
      }
      const owned = ctx.api.store
        .list(JOBS, ns)
        .filter((j) => controllerOf(j)?.uid === cj.metadata.uid);
      const active = owned.filter((j) => !finished(j));
      const now = ctx.now();
      const minute = Math.floor(now / MINUTE);
      const last =
        typeof cj.status?.lastScheduleTime === 'string'
          ? Math.floor(Date.parse(cj.status.lastScheduleTime) / MINUTE)
          : -1;
      const tz = typeof cj.spec?.timeZone === 'string' ? cj.spec.timeZone : undefined;
      // The real controller only runs schedule times strictly after the CronJob was created
      // (its earliest time when nothing ran yet): creating `*/5` at 10:20:22 waits for 10:25.
      const created = Date.parse(cj.metadata.creationTimestamp ?? '');
      let scheduled: number | undefined;
      const due =
        cj.spec?.suspend !== true &&
        minute > last &&
        !(minute * MINUTE <= created) &&
        cronMatches(entry.schedule, minute * MINUTE, tz);
      const policy = cj.spec?.concurrencyPolicy;
      if (due && !(policy === 'Forbid' && active.length > 0)) {
        if (policy === 'Replace') {
          for (const j of active) {
            await ctx.api.registry
              .delete(JOBS, ns, j.metadata.name ?? '', { propagationPolicy: 'Background' }, USER)
              .catch(() => undefined);
          }
        }
        const job = await ctx.api.create(JOBS, ns, jobFor(cj, minute), USER).catch(() => undefined);
        if (job)
          ctx.record(
            cj,
            'SuccessfulCreate',
            `Created job ${job.metadata.name}`,
            'cronjob-controller',
          );
        scheduled = minute;
      }
      await pruneHistory(ctx, cj, owned);
      const fresh = ctx.api.store
        .list(JOBS, ns)
        .filter((j) => controllerOf(j)?.uid === cj.metadata.uid);
      const status: Record<string, unknown> = { ...(cj.status ?? {}) };
      const activeRefs = fresh
        .filter((j) => !finished(j))
        .map((j) => ({
          kind: 'Job',
          namespace: ns,
          name: j.metadata.name,
          uid: j.metadata.uid,
          apiVersion: 'batch/v1',
          resourceVersion: j.metadata.resourceVersion,
        }));
      if (activeRefs.length > 0) status.active = activeRefs;
      else delete status.active;
      if (scheduled !== undefined) status.lastScheduleTime = kubeTime(scheduled * MINUTE);
      const successes = fresh.filter(
        (j) => finished(j) && typeof j.status?.completionTime === 'string',
      );
      const latest = successes
        .map((j) => String(j.status?.completionTime))
        .sort()
        .pop();
      if (latest) status.lastSuccessfulTime = latest;
      await ctx.api.registry.guaranteedUpdate(
        CRONJOBS,
        ns,
        name,
        'status',
        (cur) => ({ ...cur, status }),
        USER,
      );
    },
  };
}

async function pruneHistory(
  ctx: ControllerContext,
  cj: KubeObject,
  owned: KubeObject[],
): Promise<void> {
  const limit =
    typeof cj.spec?.successfulJobsHistoryLimit === 'number'
      ? cj.spec.successfulJobsHistoryLimit
      : 3;
  const done = owned
    .filter(finished)
    .sort((a, b) =>
      String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)),
    );
  for (const j of done.slice(0, Math.max(0, done.length - limit))) {
    await ctx.api.registry
      .delete(
        JOBS,
        j.metadata.namespace ?? '',
        j.metadata.name ?? '',
        { propagationPolicy: 'Background' },
        USER,
      )
      .catch(() => undefined);
  }
}

function jobFor(cj: KubeObject, minute: number): KubeObject {
  const jt = isPlainObject(cj.spec?.jobTemplate) ? clone(cj.spec.jobTemplate) : {};
  const meta = isPlainObject(jt.metadata) ? jt.metadata : {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      ...meta,
      name: `${cj.metadata.name}-${minute}`,
      namespace: cj.metadata.namespace,
      annotations: {
        ...(isPlainObject(meta.annotations) ? (meta.annotations as Record<string, string>) : {}),
        'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(minute * MINUTE)
          .toISOString()
          .replace('.000Z', 'Z'),
      },
      ownerReferences: [ownerRef(cj, 'batch/v1', 'CronJob')],
    },
    spec: isPlainObject(jt.spec) ? jt.spec : {},
  };
}
