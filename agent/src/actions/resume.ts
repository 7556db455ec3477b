import {
  type ActionCause,
  type AnnotationPatch,
  causeNote,
  cloudRecordPatch,
  cloudResumeReport,
  commandIdOf,
  gitOpsResumeReport,
  planCronJobResume,
  planResume,
  planScaledObjectResume,
  planWorkloadResume,
  plural,
} from '@curfew/core';
import type { Notification } from '@curfew/proto';
import { observeCronJob, observeExisting, observeScalable } from '../kube/observe.js';
import * as build from '../notify/build.js';
import { resumedCloud, resumedCloudLines, withCurrentStates } from '../notify/cloud-resources.js';
import { type CloudStartOutcome, startCloudResources } from './cloud-start.js';
import { type ActionEnv, locked } from './env.js';
import { restoreReconcilers } from './gitops.js';
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
  /**
   * Called once the resume has begun (`resuming` written), before the cloud resources are waited
   * for: starting a database takes minutes, a command's requester hears "accepted" at once.
   */
  begun?: () => void;
}

export interface ResumeResult {
  workloadsChanged: number;
  cronJobsChanged: number;
  scaledObjectsChanged: number;
  /** GitOps reconcilers restored as they were before the suspend. */
  reconcilersRestored: number;
  /** The cloud step's outcome; null when the namespace had nothing Curfew stopped. */
  cloud: CloudStartOutcome | null;
  /** The cloud outcome as sentences. */
  cloudLines: string[];
  /**
   * Resolves once every scaled-up workload of the namespace is ready, or at the timeout, after
   * the "resumed" notification was handed to the hub link; null when the wait was abandoned (the
   * agent lost leadership: the next leader finishes it from the outbox). Not under the lock.
   */
  ready: Promise<ReadinessResult | null>;
}

/**
 * Resume mirrors suspend, under the namespace's lock: `resuming` (with the command id), the cloud
 * resources the suspend recorded started and waited for (the database before the apps:
 * cloud-start.ts), every record restored and removed (CronJobs too), then the GitOps reconcilers
 * restored exactly (after the workloads: they find Git's counts already there), KEDA last so it
 * takes over from the restored counts, then `running` with a readiness report owed in the outbox — in ONE patch. The report
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
    const { ns, obs } = observeExisting(ctx.cache, namespace);
    const plan = planResume(obs, env.policy, ctx.clock.now(), cause, options);
    const commandId = commandIdOf(cause);
    await writeNamespace(ctx, namespace, plan.start, commandId ? { commandId } : {});
    options.begun?.();
    const cloud = await startCloudResources(env, namespace);
    const cloudLines = cloud ? cloudResumeReport(cloud) : [];
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
    const restored = await restoreReconcilers(env, namespace);
    const gitops = gitOpsResumeReport(restored);
    const scaledObjectsChanged = await stepScaledObjects(ctx, namespace, planScaledObjectResume);
    const now = ctx.clock.now();
    const readyBy = now + env.resumeReadyTimeoutMs;
    const pending = build.resumePending(ctx.cache.namespace(namespace) ?? ns, plan.actor, {
      now,
      staleAfterMs: readyBy - now + env.staleAfterMs,
      commandId,
    });
    if (cloud) {
      pending.text = [pending.text, ...cloudLines].join(' ');
      pending.cloudResources = resumedCloud(cloud);
    }
    if (gitops.length > 0) pending.text = [pending.text, ...gitops].join(' ');
    const report: OutboxEntry = { notification: pending, readyBy };
    const owed = [report, ...(options.owe ?? []).map((notification) => ({ notification }))];
    await writeNamespace(ctx, namespace, (current) => ({
      ...plan.final,
      // Done with: only what could not be started stays Curfew's, for the next resume.
      ...cloudRecordPatch({ stopped: cloud?.keep ?? [], refused: [] }),
      ...outbox.adding(current, owed, now),
    }));
    ctx.metrics.actions.inc({ action: 'resume', outcome: 'succeeded' });
    const details = [...gitops, ...cloudLines];
    await recordEvent(
      ctx,
      namespace,
      'CurfewResumed',
      `Resumed by ${plan.actor}: ${plural(workloadsChanged, 'workload')} restored, ${plural(cronJobsChanged, 'CronJob')} restored, ${plural(scaledObjectsChanged, 'KEDA ScaledObject')} resumed${details.length > 0 ? `. ${details.join(' ')}` : ''}${causeNote(cause)}`,
    );
    for (const notification of options.owe ?? []) outbox.deliver(namespace, notification);
    return {
      workloadsChanged,
      cronJobsChanged,
      scaledObjectsChanged,
      reconcilersRestored: restored.restored.length,
      cloud,
      cloudLines,
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
  return readiness.wait(namespace, waitMs).then(async (result) => {
    if (!result) {
      outbox.untrack(id);
      return null;
    }
    const cloud = await cloudAtReport(env, namespace, entry.notification);
    const report = build.resumedReport(entry.notification, result, ctx.clock.now());
    if (cloud.length > 0) {
      report.cloudResources = cloud;
      report.text = [report.text, ...resumedCloudLines(cloud)].join(' ');
    }
    outbox.deliver(namespace, report);
    return result;
  });
}

/**
 * The resumed namespace's cloud resources as they are when the report goes out (a database that
 * was still starting when the workloads came back may be available by now). A failed lookup
 * reports the states known at the resume.
 */
async function cloudAtReport(env: ActionEnv, namespace: string, pending: Notification) {
  if (pending.cloudResources.length === 0 || !env.cloud) return pending.cloudResources;
  try {
    const current = await env.cloud.inventory.ofNamespace(namespace, env.cloud.pollMs);
    return withCurrentStates(pending.cloudResources, current);
  } catch (error) {
    env.ctx.log.warn(
      { err: error, namespace },
      'cloud states not refreshed for the resumed report',
    );
    return pending.cloudResources;
  }
}
