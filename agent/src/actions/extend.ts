import {
  type ActionCause,
  ANNOTATIONS,
  actorOf,
  causeNote,
  commandIdOf,
  extendApplied,
  extendMatches,
  extendSummary,
  formatDuration,
  isSystemNamespace,
  isWorkloadExcluded,
  namespaceAsleep,
  parseSku,
  planExtend,
  timeBombOf,
} from '@curfew/core';
import type { WorkloadRef } from '@curfew/proto';
import { isNotFound } from '../kube/errors.js';
import { observeTimeBomb } from '../kube/observe.js';
import type { PodObject, WorkloadObject } from '../kube/types.js';
import * as build from '../notify/build.js';
import { type ActionEnv, locked } from './env.js';
import { recordEvent } from './namespace-write.js';
import { withRetry } from './retry.js';
import { writeScale } from './scale-write.js';
import { replanScale } from './time-bomb-due.js';
import { writeWorkloadMetadata } from './workload-write.js';

export interface ExtendReport {
  matched: WorkloadRef[];
  message: string;
}

export interface ExtendTarget {
  skuPrefix: string;
  /** Empty: every namespace. */
  namespace: string;
}

/**
 * EXTEND by SKU prefix: a new validity (now + duration) on the pod template of every workload
 * whose `curfew.dev/sku` is under the prefix (segment-wise), optionally in one namespace, under
 * each namespace's lock; those that had expired come back to their recorded replicas.
 *
 * Exactly once per command: the command id is written on each object in the same PATCH as its
 * new validity, so the same EXTEND delivered again — after an agent restart, when the hub
 * re-delivers — finds it there and does not move the validity a second time (it reports the
 * object with the validity it has). A crash half-way leaves the rest to the re-delivery.
 *
 * Only objects that carry a time bomb (a validity or a timer) are extended: an SKU alone is a
 * label, and extending must not turn it into a deadline. Bare Pods get the new validity on their
 * own annotations (Pod metadata is mutable; the validating webhook lets a metadata-only update
 * through); an expired bare Pod is already gone, so there is nothing to bring back.
 */
export async function extend(
  env: ActionEnv,
  target: ExtendTarget,
  durationMs: number,
  cause: ActionCause,
): Promise<ExtendReport> {
  const { ctx, policy } = env;
  const prefix = parseSku(target.skuPrefix).path;
  const timer = formatDuration(durationMs);
  const actor = actorOf(cause);
  const matched: WorkloadRef[] = [];
  let resumed = 0;
  const namespaces = target.namespace
    ? [target.namespace]
    : [...ctx.cache.namespaces.keys()].sort();
  for (const namespace of namespaces) {
    if (isSystemNamespace(namespace, policy)) continue;
    const done = await locked(env, namespace, async (env) => {
      const matches = (o: WorkloadObject | PodObject) =>
        isTimeBomb(o) &&
        extendMatches(observeTimeBomb(o), prefix) &&
        !isWorkloadExcluded(o.meta.annotations);
      const candidates: (WorkloadObject | PodObject)[] = [
        ...ctx.cache.workloads(namespace).filter(matches),
        // A bare Pod carries its own time bomb; a ReplicaSet's or Job's Pods follow their owner.
        ...ctx.cache.pods(namespace).filter((p) => !p.owned && !p.meta.deleting && matches(p)),
      ];
      return Promise.all(
        candidates.map((c) =>
          ctx.limiter.run(() =>
            c.kind === 'Pod'
              ? extendPod(env, c, durationMs, cause)
              : extendOne(env, c, durationMs, cause),
          ),
        ),
      );
    });
    const extended = done.filter((d) => d !== null);
    for (const d of extended) {
      matched.push(build.workloadRef(d.workload, d.validUntil));
      if (d.resumed) resumed += 1;
    }
    const fresh = extended.filter((d) => !d.already);
    if (fresh.length > 0) {
      await recordEvent(
        ctx,
        namespace,
        'CurfewExtended',
        `Time bombs under ${prefix} extended by ${timer} by ${actor}${causeNote(cause)}: ${fresh.map((d) => `${d.workload.kind} ${d.workload.meta.name}`).join(', ')}`,
      );
    }
  }
  ctx.metrics.actions.inc({ action: 'extend', outcome: 'succeeded' });
  const parts = [`${extendSummary(matched)} under ${prefix} extended by ${timer}`];
  if (resumed > 0) parts.push(`${resumed} that had expired resumed`);
  return { matched, message: `${parts.join('; ')}.` };
}

function isTimeBomb(object: WorkloadObject | PodObject): boolean {
  const observed = observeTimeBomb(object);
  const holder = observed.kind === 'Pod' ? observed.annotations : observed.templateAnnotations;
  return (
    timeBombOf(observed).validUntil !== null ||
    holder?.[ANNOTATIONS.timer] !== undefined ||
    observed.annotations[ANNOTATIONS.timer] !== undefined
  );
}

interface Extended {
  workload: WorkloadObject | PodObject;
  validUntil: number;
  resumed: boolean;
  /** This command had already extended it (a re-delivery): nothing was written. */
  already: boolean;
}

function untouched(object: WorkloadObject | PodObject): Extended {
  return {
    workload: object,
    validUntil: timeBombOf(observeTimeBomb(object)).validUntil ?? 0,
    resumed: false,
    already: true,
  };
}

/**
 * A workload: the new validity (with the command id) in one metadata PATCH, then — if it had
 * expired — back to its recorded count through the one scale write. A crash between the two
 * leaves a valid workload still marked expired, which the time-bomb scheduler revives.
 */
async function extendOne(
  env: ActionEnv,
  cached: WorkloadObject,
  durationMs: number,
  cause: ActionCause,
): Promise<Extended | null> {
  const { ctx } = env;
  const commandId = commandIdOf(cause);
  if (commandId && extendApplied(observeTimeBomb(cached), commandId)) return untouched(cached);
  let comesBack = false;
  let validUntil = 0;
  const written = await writeWorkloadMetadata(ctx, cached, (current) => {
    // A re-read after a conflict may show that this very command got there first.
    if (commandId && extendApplied(observeTimeBomb(current), commandId)) return null;
    const ns = ctx.cache.namespace(current.meta.namespace);
    const plan = planExtend(observeTimeBomb(current), durationMs, {
      now: ctx.clock.now(),
      namespaceSuspended: ns ? namespaceAsleep(ns.meta.annotations) : false,
      ...(commandId ? { commandId } : {}),
    });
    comesBack = plan.scale !== undefined;
    validUntil = plan.validity.validUntil;
    return { annotations: plan.annotations, templateAnnotations: plan.templateAnnotations };
  });
  if (!written) {
    const now = ctx.cache.workload(cached.kind, cached.meta.namespace, cached.meta.name);
    return now ? untouched(now) : null;
  }
  let result = written;
  if (comesBack) {
    const scaled = await writeScale(ctx, written, (current) => replanScale(ctx, current, 'revive'));
    if (scaled) result = scaled.object;
  }
  return {
    workload: result,
    // What the API server stored: the mutating webhook re-stamps when the timer changed.
    validUntil: timeBombOf(observeTimeBomb(result)).validUntil ?? validUntil,
    resumed: comesBack,
    already: false,
  };
}

/** A bare Pod: timer, validity, its human copy and the command id on the Pod, one merge PATCH. */
async function extendPod(
  env: ActionEnv,
  cached: PodObject,
  durationMs: number,
  cause: ActionCause,
): Promise<Extended | null> {
  const { ctx } = env;
  const { namespace, name } = cached.meta;
  const commandId = commandIdOf(cause);
  try {
    return await withRetry(ctx.retry, async (attempt) => {
      const current = attempt === 0 ? cached : await ctx.kube.getPod(namespace, name);
      if (!current || current.meta.deleting) return null;
      if (commandId && extendApplied(observeTimeBomb(current), commandId))
        return untouched(current);
      const plan = planExtend(observeTimeBomb(current), durationMs, {
        now: ctx.clock.now(),
        ...(commandId ? { commandId } : {}),
      });
      const written = await ctx.kube.patchPodAnnotations(
        namespace,
        name,
        { ...plan.annotations, ...plan.templateAnnotations },
        current.meta.resourceVersion,
      );
      ctx.cache.apply({ type: 'upsert', object: written });
      return {
        workload: written,
        validUntil: timeBombOf(observeTimeBomb(written)).validUntil ?? plan.validity.validUntil,
        resumed: false,
        already: false,
      };
    });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
