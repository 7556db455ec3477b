import { formatInstant } from '@curfew/core';
import { ANN } from '../annotations.js';
import { isNotFound } from '../kube/errors.js';
import type {
  AnnotationPatch,
  CronJobObject,
  ScaledObjectRef,
  WorkloadObject,
} from '../kube/types.js';
import type { ActionContext } from './context.js';
import { patchNamespace, recordEvent } from './namespace-patch.js';
import {
  planCronJobResume,
  planCronJobSuspend,
  planScaledObjectPause,
  planScaledObjectResume,
  planWorkloadResume,
  planWorkloadSuspend,
} from './plan.js';
import { withRetry } from './retry.js';
import { writeWorkload } from './workload-write.js';

export interface ActionOptions {
  /** Slack user id, "schedule", "api:<name>": recorded in `suspended-by` and the Event. */
  actor: string;
  commandId?: string;
  /** Extra namespace annotations for the final patch (e.g. the decision's bookkeeping). */
  annotations?: Record<string, string | null>;
  /**
   * Called once everything is scaled down, BEFORE the namespace is marked suspended: a
   * notification sent here is never lost to a crash — a crash before the mark makes the next
   * agent finish the suspend and notify again, with the same id (from `suspendedAt`).
   */
  beforeFinal?: (report: ActionReport) => void;
}

export interface ActionReport {
  workloadsChanged: number;
  cronJobsChanged: number;
  scaledObjectsChanged: number;
  /** Suspend: when it started (kept across agents that finish it), ISO-8601. */
  suspendedAt?: string;
  /** Workloads that were resumed, for the readiness wait. */
  restored: { kind: WorkloadObject['kind']; name: string }[];
}

/**
 * Suspend, in an order that survives a crash between any two requests:
 * 1. namespace `state=suspending` — a restarted agent finishes what it finds in flight;
 * 2. KEDA ScaledObjects paused (previous value recorded), then each workload scaled to 0
 *    with `previous-replicas` in the same patch, CronJobs suspended
 *    with their previous value recorded;
 * 3. namespace `state=suspended`. Only now is a scaled-up workload read as a person waking
 *    the namespace, so our own half-done suspend is never mistaken for one.
 */
export async function suspendNamespace(
  ctx: ActionContext,
  namespace: string,
  options: ActionOptions,
): Promise<ActionReport> {
  const current = ctx.cache.namespace(namespace)?.meta.annotations ?? {};
  const already = current[ANN.state] === 'suspending' || current[ANN.state] === 'suspended';
  // One suspend, one instant — also when another agent finishes it after a crash.
  const suspendedAt = (already && current[ANN.suspendedAt]) || formatInstant(ctx.clock.now());
  await patchNamespace(
    ctx,
    namespace,
    {
      [ANN.state]: 'suspending',
      [ANN.suspendedBy]: options.actor,
      [ANN.suspendedAt]: suspendedAt,
    },
    options.commandId,
  );
  const report: ActionReport = {
    workloadsChanged: 0,
    cronJobsChanged: 0,
    scaledObjectsChanged: 0,
    suspendedAt,
    restored: [],
  };
  // KEDA first: an active ScaledObject would scale the workloads straight back up.
  report.scaledObjectsChanged = await stepScaledObjects(ctx, namespace, planScaledObjectPause);
  await Promise.all([
    ...ctx.cache.workloads(namespace).map((w) =>
      ctx.limiter.run(async () => {
        if (await stepWorkload(ctx, w, planWorkloadSuspend)) report.workloadsChanged += 1;
      }),
    ),
    ...ctx.cache.cronJobs(namespace).map((c) =>
      ctx.limiter.run(async () => {
        if (await stepCronJob(ctx, c, planCronJobSuspend)) report.cronJobsChanged += 1;
      }),
    ),
  ]);
  options.beforeFinal?.(report);
  await patchNamespace(ctx, namespace, {
    ...options.annotations,
    [ANN.state]: 'suspended',
    [ANN.suspendedAt]: suspendedAt,
    [ANN.suspendedBy]: options.actor,
  });
  ctx.metrics.actions.inc({ action: 'suspend', outcome: 'succeeded' });
  await recordEvent(
    ctx,
    namespace,
    'CurfewSuspended',
    `Suspended by ${options.actor}: ${report.workloadsChanged} workloads scaled to 0, ${report.cronJobsChanged} CronJobs suspended, ${report.scaledObjectsChanged} KEDA ScaledObjects paused${options.commandId ? ` (command ${options.commandId})` : ''}`,
  );
  return report;
}

/** Resume mirrors suspend: `resuming`, restore every record (removing it), then `running`. */
export async function resumeNamespace(
  ctx: ActionContext,
  namespace: string,
  options: ActionOptions,
): Promise<ActionReport> {
  await patchNamespace(ctx, namespace, { [ANN.state]: 'resuming' }, options.commandId);
  const report: ActionReport = {
    workloadsChanged: 0,
    cronJobsChanged: 0,
    scaledObjectsChanged: 0,
    restored: [],
  };
  await Promise.all([
    ...ctx.cache.workloads(namespace).map((w) =>
      ctx.limiter.run(async () => {
        const done = await stepWorkload(ctx, w, planWorkloadResume);
        if (done) {
          report.workloadsChanged += 1;
          if (done.replicas > 0) report.restored.push({ kind: w.kind, name: w.meta.name });
        }
      }),
    ),
    ...ctx.cache.cronJobs(namespace).map((c) =>
      ctx.limiter.run(async () => {
        if (await stepCronJob(ctx, c, planCronJobResume)) report.cronJobsChanged += 1;
      }),
    ),
  ]);
  // KEDA last: it takes over scaling from the restored counts.
  report.scaledObjectsChanged = await stepScaledObjects(ctx, namespace, planScaledObjectResume);
  await patchNamespace(ctx, namespace, {
    ...options.annotations,
    [ANN.state]: 'running',
    [ANN.suspendedAt]: null,
    [ANN.suspendedBy]: null,
    // A suspend that lasted until a resume was not undone: the drift count starts over.
    [ANN.undoneSuspends]: null,
  });
  ctx.metrics.actions.inc({ action: 'resume', outcome: 'succeeded' });
  await recordEvent(
    ctx,
    namespace,
    'CurfewResumed',
    `Resumed by ${options.actor}: ${report.workloadsChanged} workloads restored, ${report.cronJobsChanged} CronJobs restored, ${report.scaledObjectsChanged} KEDA ScaledObjects resumed${options.commandId ? ` (command ${options.commandId})` : ''}`,
  );
  return report;
}

/**
 * Applies one plan to one workload. The first attempt uses the informer's copy; after a
 * failure (409 most often: a person or controller wrote in between) it re-reads and plans
 * again, so a stale copy can never write a wrong record.
 */
async function stepWorkload(
  ctx: ActionContext,
  cached: WorkloadObject,
  plan: (w: WorkloadObject) => ReturnType<typeof planWorkloadSuspend>,
): Promise<WorkloadObject | null> {
  const { kind } = cached;
  const { namespace, name } = cached.meta;
  return writeWorkload(ctx, cached, async (current) => {
    const patch = plan(current);
    if (!patch) return null;
    const result = await ctx.kube.scaleWorkload(kind, namespace, name, patch);
    ctx.cache.apply({ type: 'upsert', object: result });
    ctx.log.debug({ namespace, kind, name, replicas: patch.replicas }, 'scaled workload');
    return result;
  });
}

async function stepCronJob(
  ctx: ActionContext,
  cached: CronJobObject,
  plan: (c: CronJobObject) => ReturnType<typeof planCronJobSuspend>,
): Promise<CronJobObject | null> {
  const { namespace, name } = cached.meta;
  try {
    return await withRetry(ctx.retry, async (attempt) => {
      const current = attempt === 0 ? cached : await ctx.kube.getCronJob(namespace, name);
      if (!current) return null;
      const patch = plan(current);
      if (!patch) return null;
      const result = await ctx.kube.patchCronJob(namespace, name, patch);
      ctx.cache.apply({ type: 'upsert', object: result });
      return result;
    });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** Pauses or resumes every ScaledObject of the namespace; returns how many changed. */
async function stepScaledObjects(
  ctx: ActionContext,
  namespace: string,
  plan: (so: ScaledObjectRef) => AnnotationPatch | null,
): Promise<number> {
  const found = await withRetry(ctx.retry, () => ctx.kube.listScaledObjects(namespace));
  let changed = 0;
  await Promise.all(
    found.map((so) =>
      ctx.limiter.run(async () => {
        const done = await withRetry(ctx.retry, async (attempt) => {
          const current =
            attempt === 0
              ? so
              : (await ctx.kube.listScaledObjects(namespace)).find((o) => o.name === so.name);
          const patch = current && plan(current);
          if (!current || !patch) return false;
          await ctx.kube.annotateScaledObject(namespace, so.name, patch, current.resourceVersion);
          return true;
        }).catch((error) => {
          if (isNotFound(error)) return false;
          throw error;
        });
        if (done) changed += 1;
      }),
    ),
  );
  return changed;
}
