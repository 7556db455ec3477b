import { type ActionCause, commandIdOf, planSupportStop, supportPodName } from '@curfew/core';
import { type ActionEnv, locked } from './env.js';
import { withRetry } from './retry.js';
import {
  executedSupportIds,
  podState,
  recordSupportCommand,
  type SupportAnswer,
} from './support-start.js';

/**
 * `support stop`: deletes `support-<name>`; one already gone is "nothing to stop". Before the
 * delete it records the id of the start that created the Pod, so that start re-delivered later
 * cannot bring the Pod back; after it, its own id, so it re-delivered later cannot delete a
 * newer Pod.
 */
export async function stopSupport(
  env: ActionEnv,
  name: string,
  cause: ActionCause,
): Promise<SupportAnswer> {
  const settings = env.support;
  return locked(env, settings.namespace, async (env) => {
    const { ctx } = env;
    const pod = supportPodName(name);
    const commandId = commandIdOf(cause);
    const existing = await withRetry(ctx.retry, () => ctx.kube.getPod(settings.namespace, pod));
    const step = planSupportStop({
      ...(commandId ? { commandId } : {}),
      executedIds: executedSupportIds(ctx, settings),
      existing: existing ? podState(existing, ctx.clock.now()) : null,
    });
    if (step.kind === 'already-done') {
      return {
        ok: true,
        message: `Already done (command ${commandId}): support pod ${pod} was stopped.`,
      };
    }
    if (step.kind === 'delete') {
      await recordSupportCommand(ctx, settings, step.startedBy);
      await withRetry(ctx.retry, () => ctx.kube.deletePod(settings.namespace, pod));
    }
    await recordSupportCommand(ctx, settings, commandId);
    if (step.kind === 'nothing-to-stop') {
      return { ok: true, message: `Support pod ${pod} does not exist: nothing to stop.` };
    }
    ctx.metrics.actions.inc({ action: 'support_stop', outcome: 'succeeded' });
    ctx.log.info({ pod }, 'support pod stopped');
    return { ok: true, message: `Support pod ${pod} is being deleted.` };
  });
}
