import {
  type ActionCause,
  type AnnotationPatch,
  causeNote,
  commandIdOf,
  planCronJobResume,
  planResume,
  planScaledObjectResume,
  planWorkloadResume,
} from '@curfew/core';
import type { Notification } from '@curfew/proto';
import { KubeError } from '../kube/errors.js';
import { observe, observeCronJob, observeScalable } from '../kube/observe.js';
import * as build from '../notify/build.js';
import { type ActionEnv, locked } from './env.js';
import { stepScaledObjects } from './keda.js';
import { recordEvent, writeNamespace } from './namespace-write.js';
import type { OutboxEntry } from './outbox.js';
import type { ReadinessResult } from './readiness.js';
import { writeScale } from './scale-write.js';

export interface ResumeOptions {
  /** The schedule decision's annotations (auto-wake). */
  scheduled?: AnnotationPatch;
  /** More annotations for the final write (a snooze of a suspended namespace). */
  extra?: AnnotationPatch;
  /** More notifications owed with this transition (the snooze's outcome). */
  owe?: readonly Notification[];
}

export interface ResumeResult {
  workloadsChanged: number;
  cronJobsChanged: number;
  scaledObjectsChanged: number;
  /**
   * Resolves once every scaled-up workload of the namespace is ready, or at the timeout, after
   * the "resumed" notification was handed to the hub link; null when the wait was abandoned (the
   * agent lost leadership: the next leader finishes it from the outbox). Not under the lock.
   */
  ready: Promise<ReadinessResult | null>;
}

/**
 * Resume mirrors suspend, under the namespace's lock: `resuming` (with the command id), every
 * record restored and removed (CronJobs too; KEDA last, so it takes over from the restored
 * counts), then `running` with a readiness report owed in the outbox — in ONE patch. The report
 * is sent when every scaled-up workload of the namespace is ready or the timeout passes; an agent
 * that dies before that leaves the owed report behind and the next leader waits and reports it.
 * Throws CurfewInputError for a namespace Curfew does not manage.
 */
export async function resume(
  env: ActionEnv,
  namespace: string,
  cause: ActionCause,
  options: ResumeOptions = {},
): Promise<ResumeResult> {
  return locked(env, namespace, async (env) => {
    const { ctx, outbox } = env;
    const ns = ctx.cache.namespace(namespace);
    const obs = observe(ctx.cache, namespace);
    if (!ns || !obs) throw new KubeError(`namespace "${namespace}" not found`, 404, 'NotFound');
    const plan = planResume(obs, env.policy, ctx.clock.now(), cause, options);
    const commandId = commandIdOf(cause);
    await writeNamespace(ctx, namespace, plan.start, commandId ? { commandId } : {});
    let workloadsChanged = 0;
    let cronJobsChanged = 0;
    await Promise.all([
      ...ctx.cache.workloads(namespace).map((w) =>
        ctx.limiter.run(async () => {
          const done = await writeScale(ctx, w, (current) =>
            planWorkloadResume(observeScalable(current)),
          );
          if (done) workloadsChanged += 1;
        }),
      ),
      ...ctx.cache.cronJobs(namespace).map((c) =>
        ctx.limiter.run(async () => {
          if (await writeScale(ctx, c, (current) => planCronJobResume(observeCronJob(current)))) {
            cronJobsChanged += 1;
          }
        }),
      ),
    ]);
    const scaledObjectsChanged = await stepScaledObjects(ctx, namespace, planScaledObjectResume);
    const now = ctx.clock.now();
    const readyBy = now + env.resumeReadyTimeoutMs;
    const report: OutboxEntry = {
      notification: build.resumePending(ctx.cache.namespace(namespace) ?? ns, plan.actor, {
        now,
        staleAfterMs: readyBy - now + env.staleAfterMs,
        commandId,
      }),
      readyBy,
    };
    const owed = [report, ...(options.owe ?? []).map((notification) => ({ notification }))];
    await writeNamespace(ctx, namespace, (current) => ({
      ...plan.final,
      ...outbox.adding(current, owed, now),
    }));
    ctx.metrics.actions.inc({ action: 'resume', outcome: 'succeeded' });
    await recordEvent(
      ctx,
      namespace,
      'CurfewResumed',
      `Resumed by ${plan.actor}: ${workloadsChanged} workloads restored, ${cronJobsChanged} CronJobs restored, ${scaledObjectsChanged} KEDA ScaledObjects resumed${causeNote(cause)}`,
    );
    for (const notification of options.owe ?? []) outbox.deliver(namespace, notification);
    return {
      workloadsChanged,
      cronJobsChanged,
      scaledObjectsChanged,
      ready: reportWhenReady(env, namespace, report),
    };
  });
}

/**
 * Waits until the namespace is serving (or `readyBy`), then sends the owed "resumed" report with
 * the workloads that are not ready. Used right after a resume and by a fresh agent that finds the
 * report owed in the outbox.
 */
export function reportWhenReady(
  env: ActionEnv,
  namespace: string,
  entry: OutboxEntry,
): Promise<ReadinessResult | null> {
  const { outbox, readiness, ctx } = env;
  const id = entry.notification.id;
  outbox.track(id, namespace);
  const waitMs = (entry.readyBy ?? ctx.clock.now()) - ctx.clock.now();
  return readiness.wait(namespace, waitMs).then((result) => {
    if (!result) {
      outbox.untrack(id);
      return null;
    }
    outbox.deliver(namespace, build.resumedReport(entry.notification, result, ctx.clock.now()));
    return result;
  });
}
