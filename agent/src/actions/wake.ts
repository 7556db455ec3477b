import {
  cloudRecordPatch,
  cloudResumeReport,
  gitOpsResumeReport,
  type MarkWokenDecision,
  planWake,
} from '@curfew/core';
import { observe, observeScalable } from '../kube/observe.js';
import * as build from '../notify/build.js';
import { startCloudResources } from './cloud-start.js';
import { type ActionEnv, locked } from './env.js';
import { restoreReconcilers } from './gitops.js';
import { recordEvent, writeNamespace } from './namespace-write.js';
import { writeWorkloadMetadata } from './workload-write.js';

/**
 * A person woke a suspended namespace by scaling workloads up (core's mark-woken): an explicit
 * wake. First the stale `previous-replicas` of each workload they scaled up is dropped (their
 * count stands, and a later suspend records it), then the namespace is marked running with the
 * wake — or, when a tool keeps undoing suspends, the drift report — owed to the owner in the same
 * patch. The cloud resources the suspend stopped are started first, as a resume would (the woken
 * apps need their database), and the GitOps reconcilers it paused are restored (the namespace
 * runs again, so Git deploys to it again); a crash in between finds the namespace still suspended
 * with scaled-up workloads and does it again.
 */
export async function wake(env: ActionEnv, namespace: string, decision: MarkWokenDecision) {
  return locked(env, namespace, async (env) => {
    const { ctx, outbox } = env;
    const obs = observe(ctx.cache, namespace);
    if (!obs) return;
    const now = ctx.clock.now();
    const workloads = ctx.cache.workloads(namespace);
    const plan = planWake(obs, workloads.map(observeScalable), decision, now);
    for (const woken of plan.workloads) {
      const cached = workloads.find((w) => w.kind === woken.kind && w.meta.name === woken.name);
      if (!cached) continue;
      await writeWorkloadMetadata(ctx, cached, (current) =>
        current.replicas > 0 ? { annotations: woken.annotations } : null,
      );
    }
    const cloud = await startCloudResources(env, namespace);
    const gitops = gitOpsResumeReport(await restoreReconcilers(env, namespace));
    const cloudText = [...gitops, ...(cloud ? cloudResumeReport(cloud) : [])]
      .map((line) => ` ${line}`)
      .join('');
    const ns = ctx.cache.namespace(namespace);
    if (!ns) return;
    // The cloud step may have waited minutes: the messages are of now.
    const sentAt = ctx.clock.now();
    const nctx = { now: sentAt, staleAfterMs: env.staleAfterMs };
    const notification = plan.drift
      ? build.drift(ns, `${plan.drift}${cloudText}`, nctx)
      : build.outcome(ns, 'person', `${plan.message}${cloudText}`, nctx);
    await writeNamespace(ctx, namespace, (current) => ({
      ...plan.annotations,
      ...(cloud ? cloudRecordPatch({ stopped: cloud.keep, refused: [] }) : {}),
      ...outbox.adding(current, [{ notification }], sentAt),
    }));
    await recordEvent(
      ctx,
      namespace,
      plan.drift ? 'CurfewDrift' : 'CurfewWoken',
      `${plan.drift ?? plan.message}${cloudText}`,
      plan.drift ? 'Warning' : 'Normal',
    );
    outbox.deliver(namespace, notification);
  });
}
