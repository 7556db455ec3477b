import {
  type ActionCause,
  ANNOTATIONS,
  actorOf,
  commandIdOf,
  commandIdsOf,
  isExpired,
  parseDuration,
  parseSupportSize,
  planSupportPod,
  planSupportStart,
  REQUESTED_BY_ANNOTATION,
  SUPPORT_POD_PREFIX,
  SUPPORT_SIZE_ANNOTATION,
  type SupportPodState,
  supportPodManifest,
  timeBombOf,
  validityAt,
} from '@curfew/core';
import type { AgentConfig } from '../config/schema.js';
import { isConflict } from '../kube/errors.js';
import { observeTimeBomb } from '../kube/observe.js';
import type { PodObject } from '../kube/types.js';
import type { ActionContext } from './context.js';
import { type ActionEnv, locked, type SupportSettings } from './env.js';
import { writeNamespace } from './namespace-write.js';
import { withRetry } from './retry.js';

export function supportSettings(config: AgentConfig): SupportSettings {
  return { namespace: config.agentNamespace, ...config.support };
}

export interface SupportAnswer {
  /** false: the request was fine, but the Pod cannot be (re)created right now. */
  ok: boolean;
  message: string;
}

/**
 * `support start`: creates `support-<name>` in the agent's namespace with its validity stamped
 * (the webhooks skip that namespace), or answers with the one already there. Exactly once per
 * command (core's planSupportStart): the Pod carries the command's id, and once it exists the id
 * is recorded on the agent's namespace (`curfew.dev/command-ids`), where a stop also records the
 * start whose Pod it deletes — so a start re-delivered after a restart, even after a stop, does
 * not create the Pod again. Serialised with stops under the agent namespace's lock. Bad names and
 * sizes throw CurfewInputError, which the executor answers as REJECTED.
 */
export async function startSupport(
  env: ActionEnv,
  request: { name: string; size: string },
  cause: ActionCause,
): Promise<SupportAnswer> {
  const settings = env.support;
  return locked(env, settings.namespace, async (env) => {
    const { ctx } = env;
    const size = parseSupportSize(request.size);
    const commandId = commandIdOf(cause);
    const plan = planSupportPod({
      name: request.name,
      size,
      namespace: settings.namespace,
      image: settings.image,
      command: settings.command,
      timerMs: parseDuration(settings.timer),
      requestedBy: actorOf(cause),
      runAsUser: settings.runAsUser,
      now: ctx.clock.now(),
      ...(commandId ? { commandId } : {}),
    });
    const existing = await withRetry(ctx.retry, () => ctx.kube.getPod(plan.namespace, plan.name));
    const step = planSupportStart({
      ...(commandId ? { commandId } : {}),
      executedIds: executedSupportIds(ctx, settings),
      existing: existing ? podState(existing, ctx.clock.now()) : null,
    });
    switch (step.kind) {
      case 'already-done':
        return {
          ok: true,
          message: existing
            ? `Already done (command ${commandId}): ${describeExisting(existing).message}`
            : `Already done (command ${commandId}): support pod ${plan.name} was started and has been stopped since.`,
        };
      case 'adopt':
        await recordSupportCommand(ctx, settings, commandId);
        return describeExisting(existing as PodObject);
      case 'replace-expired':
        await withRetry(ctx.retry, () => ctx.kube.deletePod(plan.namespace, plan.name));
        return {
          ok: false,
          message: `Support pod ${plan.name} expired at ${expiredAt(existing as PodObject)} and is being deleted; start it again in a minute.`,
        };
      case 'describe':
        return describeExisting(existing as PodObject);
      case 'create':
        break;
    }
    const manifest = supportPodManifest(plan);
    const created = await withRetry(ctx.retry, () =>
      // 409 AlreadyExists is not a conflict to retry: the Pod is there (two starts racing, or a
      // retry after a lost response), so answer with it.
      ctx.kube.createPod(manifest).catch((error: unknown) => {
        if (isConflict(error)) return null;
        throw error;
      }),
    );
    if (!created) {
      const raced = await ctx.kube.getPod(plan.namespace, plan.name);
      if (raced?.meta.annotations[ANNOTATIONS.startedByCommand] === commandId && commandId) {
        await recordSupportCommand(ctx, settings, commandId);
      }
      if (raced) return describeExisting(raced);
      return { ok: false, message: `Support pod ${plan.name} was just deleted; start it again.` };
    }
    ctx.cache.apply({ type: 'upsert', object: created });
    await recordSupportCommand(ctx, settings, commandId);
    ctx.metrics.actions.inc({ action: 'support_start', outcome: 'succeeded' });
    ctx.log.info(
      { pod: plan.name, size, until: plan.validity.validUntilHuman },
      'support pod started',
    );
    return {
      ok: true,
      message: `Support pod ${plan.name} (${size}) started in ${plan.namespace} until ${plan.validity.validUntilHuman}: kubectl exec -it -n ${plan.namespace} ${plan.name} -- sh`,
    };
  });
}

/** Ids of support commands recorded as done on the agent's namespace. */
export function executedSupportIds(ctx: ActionContext, settings: SupportSettings): string[] {
  return commandIdsOf(
    ctx.cache.namespace(settings.namespace)?.meta.annotations[ANNOTATIONS.commandIds],
  );
}

/** Records a support command as done on the agent's namespace (its only write there). */
export async function recordSupportCommand(
  ctx: ActionContext,
  settings: SupportSettings,
  commandId: string | undefined,
): Promise<void> {
  if (!commandId) return;
  await writeNamespace(ctx, settings.namespace, {}, { commandId });
}

export function podState(pod: PodObject, now: number): SupportPodState {
  const startedBy = pod.meta.annotations[ANNOTATIONS.startedByCommand];
  const validUntil = timeBombOf(observeTimeBomb(pod)).validUntil;
  return {
    ...(startedBy ? { startedByCommand: startedBy } : {}),
    expired: validUntil !== null && isExpired(validUntil, now),
    deleting: pod.meta.deleting,
  };
}

/** Only the agent's own bare Pods named `support-*` expire in its (otherwise ignored) namespace. */
export function isSupportPod(pod: PodObject): boolean {
  return (
    !pod.owned &&
    pod.meta.name.startsWith(SUPPORT_POD_PREFIX) &&
    pod.meta.annotations[REQUESTED_BY_ANNOTATION] !== undefined
  );
}

function describeExisting(pod: PodObject): SupportAnswer {
  const { name, namespace, annotations } = pod.meta;
  if (pod.meta.deleting) {
    return {
      ok: false,
      message: `Support pod ${name} is still being deleted; start it again in a minute.`,
    };
  }
  const validUntil = timeBombOf(observeTimeBomb(pod)).validUntil;
  const until =
    validUntil === null ? 'no expiry' : `until ${validityAt(validUntil).validUntilHuman}`;
  const size = annotations[SUPPORT_SIZE_ANNOTATION] ?? 'unknown size';
  const by = annotations[REQUESTED_BY_ANNOTATION] ?? 'someone';
  return {
    ok: true,
    message: `Support pod ${name} (${size}, started by ${by}) already runs in ${namespace} ${until}; stop it first for another size.`,
  };
}

function expiredAt(pod: PodObject): string {
  const validUntil = timeBombOf(observeTimeBomb(pod)).validUntil;
  return validUntil === null ? 'an unknown time' : validityAt(validUntil).validUntilHuman;
}
