import { isNotFound } from '../kube/errors.js';
import type { WorkloadObject } from '../kube/types.js';
import type { ActionContext } from './context.js';
import { withRetry } from './retry.js';

/**
 * One write to a workload, retried on 409/429/5xx. The first attempt plans from the cached
 * copy; every retry re-reads the workload first (a 409 means someone wrote in between), so a
 * stale copy never writes a wrong record such as a `previous-replicas` of 0. A workload that is
 * gone — before or during the write — is not an error: there is nothing left to act on.
 */
export async function writeWorkload<T>(
  ctx: ActionContext,
  cached: WorkloadObject,
  write: (current: WorkloadObject) => Promise<T | null>,
): Promise<T | null> {
  const { kind } = cached;
  const { namespace, name } = cached.meta;
  try {
    return await withRetry(ctx.retry, async (attempt) => {
      const current = attempt === 0 ? cached : await ctx.kube.getWorkload(kind, namespace, name);
      return current ? write(current) : null;
    });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
