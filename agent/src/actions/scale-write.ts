import type { CronJobPlan, ScalePlan } from '@curfew/core';
import type { CronJobObject, WorkloadObject } from '../kube/types.js';
import type { ActionContext } from './context.js';
import { rereadAndWrite } from './workload-write.js';

export interface ScaleWritten<T, P> {
  object: T;
  plan: P;
}

/**
 * THE write of how much a workload runs: `spec.replicas` of a Deployment or StatefulSet with the
 * annotations that record why (`previous-replicas`, the expiry marker) in the same PATCH, and
 * `spec.suspend` of a CronJob with its previous value. Every suspend, resume, expiry, revival and
 * extension that changes a workload's scale comes through here and nowhere else, so the way it is
 * written (today one merge PATCH of the object; the `scale` subresource and narrower RBAC later)
 * changes in one place.
 *
 * `plan` is core's, called on the cached copy first and on a fresh read after a conflict; null
 * means "already where it should be" and writes nothing.
 */
export function writeScale(
  ctx: ActionContext,
  cached: WorkloadObject,
  plan: (current: WorkloadObject) => ScalePlan | null,
): Promise<ScaleWritten<WorkloadObject, ScalePlan> | null>;
export function writeScale(
  ctx: ActionContext,
  cached: CronJobObject,
  plan: (current: CronJobObject) => CronJobPlan | null,
): Promise<ScaleWritten<CronJobObject, CronJobPlan> | null>;
export function writeScale(
  ctx: ActionContext,
  cached: WorkloadObject | CronJobObject,
  plan: (current: never) => ScalePlan | CronJobPlan | null,
): Promise<ScaleWritten<WorkloadObject | CronJobObject, ScalePlan | CronJobPlan> | null> {
  return rereadAndWrite(ctx, cached, async (current: WorkloadObject | CronJobObject) => {
    const change = (plan as (c: typeof current) => ScalePlan | CronJobPlan | null)(current);
    if (!change) return null;
    const { namespace, name, resourceVersion } = current.meta;
    const object =
      current.kind === 'CronJob'
        ? await ctx.kube.patchCronJob(namespace, name, {
            suspend: (change as CronJobPlan).suspend,
            annotations: change.annotations,
            resourceVersion,
          })
        : await ctx.kube.scaleWorkload(current.kind, namespace, name, {
            replicas: (change as ScalePlan).replicas,
            annotations: change.annotations,
            resourceVersion,
          });
    ctx.cache.apply({ type: 'upsert', object });
    ctx.log.debug({ namespace, kind: current.kind, name, change }, 'scaled');
    return { object, plan: change };
  });
}
