import {
  isExpired,
  parseDuration,
  parseSupportSize,
  planSupportPod,
  REQUESTED_BY_ANNOTATION,
  SUPPORT_POD_PREFIX,
  SUPPORT_SIZE_ANNOTATION,
  supportPodManifest,
  supportPodName,
  timeBombOf,
  validityAt,
} from '@curfew/core';
import type { AgentConfig } from '../config/schema.js';
import { isConflict } from '../kube/errors.js';
import { observeTimeBomb } from '../kube/observe.js';
import type { PodObject } from '../kube/types.js';
import type { ActionContext } from './context.js';
import { withRetry } from './retry.js';

export interface SupportSettings {
  /** The agent's namespace: the only place the chart lets it create Pods. */
  namespace: string;
  image: string;
  command: readonly string[];
  timer: string;
  runAsUser: number;
}

export function supportSettings(config: AgentConfig): SupportSettings {
  return { namespace: config.agentNamespace, ...config.support };
}

export interface SupportAnswer {
  /** false: the request was fine, but the Pod cannot be (re)created right now. */
  ok: boolean;
  message: string;
}

/**
 * `support start`: creates `support-<name>` with its validity stamped, or answers with the one
 * already there (a repeated start, or a re-delivered command after a restart, is harmless).
 * Bad names and sizes throw CurfewInputError, which the executor answers as REJECTED.
 */
export async function startSupport(
  ctx: ActionContext,
  settings: SupportSettings,
  request: { name: string; size: string; requestedBy: string },
): Promise<SupportAnswer> {
  const size = parseSupportSize(request.size);
  const plan = planSupportPod({
    name: request.name,
    size,
    namespace: settings.namespace,
    image: settings.image,
    command: settings.command,
    timerMs: parseDuration(settings.timer),
    requestedBy: request.requestedBy,
    runAsUser: settings.runAsUser,
    now: ctx.clock.now(),
  });
  const existing = await withRetry(ctx.retry, () => ctx.kube.getPod(plan.namespace, plan.name));
  if (existing && expiredAt(existing, ctx.clock.now()) !== null && !existing.meta.deleting) {
    // Expired while no leader was running: the name is taken until the Pod is gone, and
    // handing out an expired pod as "already runs" would be wrong. Delete it now.
    await withRetry(ctx.retry, () => ctx.kube.deletePod(plan.namespace, plan.name));
    return {
      ok: false,
      message: `Support pod ${plan.name} expired at ${expiredAt(existing, ctx.clock.now())} and is being deleted; start it again in a minute.`,
    };
  }
  if (existing) return describeExisting(existing);
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
    if (raced) return describeExisting(raced);
    return { ok: false, message: `Support pod ${plan.name} was just deleted; start it again.` };
  }
  ctx.cache.apply({ type: 'upsert', object: created });
  ctx.metrics.actions.inc({ action: 'support_start', outcome: 'succeeded' });
  ctx.log.info(
    { pod: plan.name, size, until: plan.validity.validUntilHuman },
    'support pod started',
  );
  return {
    ok: true,
    message: `Support pod ${plan.name} (${size}) started in ${plan.namespace} until ${plan.validity.validUntilHuman}: kubectl exec -it -n ${plan.namespace} ${plan.name} -- sh`,
  };
}

/** `support stop`: deletes `support-<name>`; one already gone is "nothing to stop". */
export async function stopSupport(
  ctx: ActionContext,
  settings: SupportSettings,
  name: string,
): Promise<SupportAnswer> {
  const pod = supportPodName(name);
  const deleted = await withRetry(ctx.retry, () => ctx.kube.deletePod(settings.namespace, pod));
  if (!deleted) {
    return { ok: true, message: `Support pod ${pod} does not exist: nothing to stop.` };
  }
  ctx.metrics.actions.inc({ action: 'support_stop', outcome: 'succeeded' });
  ctx.log.info({ pod }, 'support pod stopped');
  return { ok: true, message: `Support pod ${pod} is being deleted.` };
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

/** The expiry instant (ISO) when the Pod's validity has passed, else null. */
function expiredAt(pod: PodObject, now: number): string | null {
  const validUntil = timeBombOf(observeTimeBomb(pod)).validUntil;
  return validUntil !== null && isExpired(validUntil, now)
    ? validityAt(validUntil).validUntilHuman
    : null;
}
