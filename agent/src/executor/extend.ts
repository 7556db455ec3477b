import {
  ANNOTATIONS,
  type ClusterPolicy,
  extendMatches,
  extendSummary,
  formatDuration,
  isSystemNamespace,
  parseSku,
  planExtend,
  timeBombOf,
} from '@curfew/core';
import type { SkuTarget, WorkloadRef } from '@curfew/proto';
import { namespaceAsleep } from '../annotations.js';
import { isNotFound } from '../kube/errors.js';
import { observeTimeBomb } from '../kube/observe.js';
import type { PodObject, WorkloadObject } from '../kube/types.js';
import type { ActionContext } from './context.js';
import type { KeyedMutex } from './keyed-mutex.js';
import { recordEvent } from './namespace-patch.js';
import { withRetry } from './retry.js';
import { workloadRef } from './workload-ref.js';
import { writeWorkload } from './workload-write.js';

export interface ExtendReport {
  matched: WorkloadRef[];
  message: string;
}

/**
 * EXTEND by SKU prefix: a new validity (now + duration) on the pod template of every workload
 * whose `curfew.dev/sku` is under the prefix (segment-wise), optionally in one namespace; those
 * that had expired come back to their recorded replicas in the same PATCH. Repeating it only
 * moves the validity to "now + duration" again, so a re-delivered command is harmless.
 *
 * Only workloads that carry a time bomb (a validity or a timer) are extended: an SKU alone is a
 * label, and extending must not turn it into a deadline. Bare Pods get the new validity on
 * their own annotations (Pod metadata is mutable; the validating webhook lets a metadata-only
 * update through); an expired bare Pod is already gone, so there is nothing to bring back.
 */
export async function extendBySku(
  ctx: ActionContext,
  locks: KeyedMutex,
  policy: ClusterPolicy,
  target: SkuTarget,
  durationMs: number,
  actor: string,
  commandId: string,
): Promise<ExtendReport> {
  const prefix = parseSku(target.skuPrefix).path;
  const timer = formatDuration(durationMs);
  const matched: WorkloadRef[] = [];
  let resumed = 0;
  const namespaces = target.namespace
    ? [target.namespace]
    : [...ctx.cache.namespaces.keys()].sort();
  for (const namespace of namespaces) {
    if (isSystemNamespace(namespace, policy)) continue;
    const matches = (o: WorkloadObject | PodObject) =>
      isTimeBomb(o) &&
      extendMatches(observeTimeBomb(o), prefix) &&
      o.meta.annotations[ANNOTATIONS.exclude] !== 'true';
    const candidates: (WorkloadObject | PodObject)[] = [
      ...ctx.cache.workloads(namespace).filter(matches),
      // A bare Pod carries its own time bomb; a ReplicaSet's or Job's Pods follow their owner.
      ...ctx.cache.pods(namespace).filter((p) => !p.owned && !p.meta.deleting && matches(p)),
    ];
    if (candidates.length === 0) continue;
    const done = await locks.run(namespace, () =>
      Promise.all(
        candidates.map((c) =>
          ctx.limiter.run(() =>
            c.kind === 'Pod' ? extendPod(ctx, c, durationMs) : extendOne(ctx, c, durationMs),
          ),
        ),
      ),
    );
    const extended = done.filter((d) => d !== null);
    for (const d of extended) {
      matched.push(workloadRef(d.workload, d.validUntil));
      if (d.resumed) resumed += 1;
    }
    if (extended.length > 0) {
      await recordEvent(
        ctx,
        namespace,
        'CurfewExtended',
        `Time bombs under ${prefix} extended by ${timer} by ${actor} (command ${commandId}): ${extended.map((d) => `${d.workload.kind} ${d.workload.meta.name}`).join(', ')}`,
      );
    }
  }
  ctx.metrics.actions.inc({ action: 'extend', outcome: 'succeeded' });
  const parts = [`${extendSummary(matched)} under ${prefix} extended by ${timer}`];
  if (resumed > 0) parts.push(`${resumed} that had expired resumed`);
  return { matched, message: `${parts.join('; ')}.` };
}

function isTimeBomb(object: Parameters<typeof observeTimeBomb>[0]): boolean {
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
}

/** One PATCH per workload; re-read and re-planned after a conflict. */
async function extendOne(
  ctx: ActionContext,
  cached: WorkloadObject,
  durationMs: number,
): Promise<Extended | null> {
  const { kind } = cached;
  const { namespace, name } = cached.meta;
  return writeWorkload(ctx, cached, async (current) => {
    const ns = ctx.cache.namespace(namespace);
    const plan = planExtend(observeTimeBomb(current), durationMs, {
      now: ctx.clock.now(),
      namespaceSuspended: ns ? namespaceAsleep(ns) : false,
    });
    const written = await ctx.kube.patchWorkload(kind, namespace, name, {
      annotations: plan.annotations,
      templateAnnotations: plan.templateAnnotations,
      ...(plan.replicas === undefined ? {} : { replicas: plan.replicas }),
      resourceVersion: current.meta.resourceVersion,
    });
    ctx.cache.apply({ type: 'upsert', object: written });
    return {
      workload: written,
      // What the API server stored: the mutating webhook re-stamps when the timer changed.
      validUntil: timeBombOf(observeTimeBomb(written)).validUntil ?? plan.validity.validUntil,
      resumed: plan.replicas !== undefined,
    };
  });
}

/** A bare Pod: timer, validity and its human copy on the Pod itself, one merge PATCH. */
async function extendPod(
  ctx: ActionContext,
  cached: PodObject,
  durationMs: number,
): Promise<Extended | null> {
  const { namespace, name } = cached.meta;
  try {
    return await withRetry(ctx.retry, async (attempt) => {
      const current = attempt === 0 ? cached : await ctx.kube.getPod(namespace, name);
      if (!current || current.meta.deleting) return null;
      const plan = planExtend(observeTimeBomb(current), durationMs, { now: ctx.clock.now() });
      const written = await ctx.kube.patchPodAnnotations(
        namespace,
        name,
        plan.templateAnnotations,
        current.meta.resourceVersion,
      );
      ctx.cache.apply({ type: 'upsert', object: written });
      return {
        workload: written,
        validUntil: timeBombOf(observeTimeBomb(written)).validUntil ?? plan.validity.validUntil,
        resumed: false,
      };
    });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
