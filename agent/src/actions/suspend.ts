import {
  type ActionCause,
  type AnnotationPatch,
  causeNote,
  cloudSuspendReport,
  commandIdOf,
  gitOpsSuspendReport,
  planCronJobSuspend,
  planScaledObjectPause,
  planSuspend,
  planWorkloadSuspend,
  plural,
} from '@curfew/core';
import { observeCronJob, observeExisting, observeScalable } from '../kube/observe.js';
import * as build from '../notify/build.js';
import { cloudMessage } from '../notify/cloud-resources.js';
import { stopCloudResources } from './cloud-stop.js';
import { type ActionEnv, locked } from './env.js';
import { pauseReconcilers } from './gitops.js';
import { stepScaledObjects } from './keda.js';
import { recordEvent, writeNamespace } from './namespace-write.js';
import { writeScale } from './scale-write.js';

export interface SuspendReport {
  workloadsChanged: number;
  cronJobsChanged: number;
  scaledObjectsChanged: number;
  /** GitOps reconcilers paused for this namespace (now or before). */
  reconcilersPaused: number;
  /** When it started (kept across agents that finish it), ISO-8601. */
  suspendedAt: string;
  /** Workloads scaled up by hand during a re-suspend whose first record was kept. */
  keptRecords: string[];
  /** What the owner is told. */
  message: string;
  /** Cloud resources stopped with the namespace, as sentences (empty without any). */
  cloud: string[];
}

/**
 * Suspend a namespace, under its lock, in an order that survives a crash between any two requests:
 * 1. namespace `state=suspending` (with the command id, if any) — a restarted agent finishes what
 *    it finds in flight;
 * 2. the GitOps reconcilers managing its workloads paused (Argo CD auto-sync off, Flux suspended;
 *    the previous value recorded on each in the same patch) — unless one also deploys a running
 *    namespace, which the owner is told — then KEDA ScaledObjects paused (previous value
 *    recorded), then each workload scaled to 0 with
 *    `previous-replicas` in the same patch, CronJobs suspended with their previous value recorded;
 * 3. the namespace's cloud resources (EC2, RDS) stopped — after the workloads, so the apps stop
 *    using the database first; each recorded on the namespace before its stop call (cloud-stop.ts);
 * 4. namespace `state=suspended` with the "suspended" notification in the outbox, in ONE patch —
 *    then the Event, then the notification handed to the hub link. Only now is a scaled-up workload
 *    read as a person waking the namespace, so our own half-done suspend is never mistaken for one.
 * Idempotent: suspending a suspended namespace changes no workload and keeps every record.
 * `scheduled`: the schedule decision's annotations, for `cause.kind === 'schedule'`.
 */
export async function suspend(
  env: ActionEnv,
  namespace: string,
  cause: ActionCause,
  scheduled?: AnnotationPatch,
): Promise<SuspendReport> {
  return locked(env, namespace, async (env) => {
    const { ctx, outbox } = env;
    const { ns, obs } = observeExisting(ctx.cache, namespace);
    const usage = ctx.cache.usage(namespace);
    const plan = planSuspend(obs, ctx.clock.now(), cause, scheduled);
    const commandId = commandIdOf(cause);
    await writeNamespace(ctx, namespace, plan.start, commandId ? { commandId } : {});
    // GitOps and KEDA first: an active reconciler or ScaledObject would scale the workloads
    // straight back up.
    const gitops = await pauseReconcilers(env, namespace);
    const gitopsText = gitOpsSuspendReport(namespace, gitops)
      .map((line) => ` ${line}`)
      .join('');
    const scaledObjectsChanged = await stepScaledObjects(ctx, namespace, planScaledObjectPause);
    const keptRecords: string[] = [];
    let workloadsChanged = 0;
    let cronJobsChanged = 0;
    await Promise.all([
      ...ctx.cache.workloads(namespace).map((w) =>
        ctx.limiter.run(async () => {
          const done = await writeScale(ctx, w, (current) =>
            planWorkloadSuspend(observeScalable(current), plan.resuspend),
          );
          if (!done) return;
          workloadsChanged += 1;
          if (done.plan.keptRecord !== undefined) {
            keptRecords.push(
              `${w.kind} ${w.meta.name} keeps its recorded ${done.plan.keptRecord} replicas (scaled up to ${w.replicas} during the suspend)`,
            );
          }
        }),
      ),
      ...ctx.cache.cronJobs(namespace).map((c) =>
        ctx.limiter.run(async () => {
          if (await writeScale(ctx, c, (current) => planCronJobSuspend(observeCronJob(current)))) {
            cronJobsChanged += 1;
          }
        }),
      ),
    ]);
    const kept = keptRecords.length > 0 ? ` ${keptRecords.join('; ')}.` : '';
    const cloudOutcome = await stopCloudResources(env, namespace);
    const cloud = cloudOutcome ? cloudSuspendReport(cloudOutcome) : [];
    const cloudText = cloud.length > 0 ? ` ${cloud.join(' ')}` : '';
    const message = `${namespace} was suspended by ${plan.actor}: ${plural(workloadsChanged, 'workload')} scaled to 0.${gitopsText}${kept}${cloudText}`;
    const now = ctx.clock.now();
    const notification = build.suspended(
      ctx.cache.namespace(namespace) ?? ns,
      usage,
      plan.actor,
      message,
      { now, staleAfterMs: env.staleAfterMs },
      plan.suspendedAt,
      commandId,
    );
    notification.cloudResources = (cloudOutcome?.stopped ?? []).map((r) =>
      cloudMessage(r, { stoppedByCurfew: !cloudOutcome?.dryRun }),
    );
    await writeNamespace(ctx, namespace, (current) => ({
      ...plan.final,
      ...outbox.adding(current, [{ notification }], now),
    }));
    ctx.metrics.actions.inc({ action: 'suspend', outcome: 'succeeded' });
    await recordEvent(
      ctx,
      namespace,
      'CurfewSuspended',
      `Suspended by ${plan.actor}: ${plural(workloadsChanged, 'workload')} scaled to 0, ${plural(cronJobsChanged, 'CronJob')} suspended, ${plural(scaledObjectsChanged, 'KEDA ScaledObject')} paused.${gitopsText}${kept}${cloudText}${causeNote(cause)}`,
    );
    outbox.deliver(namespace, notification);
    return {
      workloadsChanged,
      cronJobsChanged,
      scaledObjectsChanged,
      reconcilersPaused: gitops.paused.length,
      suspendedAt: plan.suspendedAt,
      keptRecords,
      message,
      cloud,
    };
  });
}
