import type { AnnotationPatch } from '@curfew/core';
import { isNotFound } from '../kube/errors.js';
import type { CronJobObject, WorkloadObject } from '../kube/types.js';
import type { ActionContext } from './context.js';
import { withRetry } from './retry.js';

type Written = WorkloadObject | CronJobObject;

/**
 * One write to an object, retried on 409/429/5xx. The first attempt plans from the cached copy;
 * every retry re-reads the object first (a 409 means someone wrote in between), so a stale copy
 * never writes a wrong record such as a `previous-replicas` of 0. An object that is gone — before
 * or during the write — is not an error: there is nothing left to act on.
 */
export async function rereadAndWrite<T extends Written, R>(
  ctx: ActionContext,
  cached: T,
  write: (current: T) => Promise<R | null>,
): Promise<R | null> {
  const { namespace, name } = cached.meta;
  const read = (): Promise<Written | null> =>
    cached.kind === 'CronJob'
      ? ctx.kube.getCronJob(namespace, name)
      : ctx.kube.getWorkload(cached.kind, namespace, name);
  try {
    return await withRetry(ctx.retry, async (attempt) => {
      const current = attempt === 0 ? cached : ((await read()) as T | null);
      return current ? write(current) : null;
    });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** A metadata-only change of a workload: its annotations and its pod template's. */
export interface MetadataPlan {
  annotations?: AnnotationPatch;
  /** `spec.template.metadata.annotations` (time bombs; changing them rolls the Pods). */
  templateAnnotations?: AnnotationPatch;
}

/**
 * Writes a workload's annotations (warning records, a new validity, a dropped record) without
 * touching its scale — scale changes go through writeScale only.
 */
export async function writeWorkloadMetadata(
  ctx: ActionContext,
  cached: WorkloadObject,
  plan: (current: WorkloadObject) => MetadataPlan | null,
): Promise<WorkloadObject | null> {
  return rereadAndWrite(ctx, cached, async (current) => {
    const change = plan(current);
    if (!change) return null;
    const written = await ctx.kube.patchWorkload(
      current.kind,
      current.meta.namespace,
      current.meta.name,
      {
        ...change,
        resourceVersion: current.meta.resourceVersion,
      },
    );
    ctx.cache.apply({ type: 'upsert', object: written });
    return written;
  });
}
