import type { AnnotationPatch } from '@curfew/core';
import { isNotFound } from '../kube/errors.js';
import type { ActionContext } from './context.js';
import { withRetry } from './retry.js';

/**
 * Pauses or resumes every KEDA ScaledObject of a namespace with core's plan (the previous value
 * recorded in the same patch); returns how many changed. Read when acting, not watched: there are
 * few, and only suspend and resume care.
 */
export async function stepScaledObjects(
  ctx: ActionContext,
  namespace: string,
  plan: (annotations: Readonly<Record<string, string>>) => AnnotationPatch | null,
): Promise<number> {
  const found = await withRetry(ctx.retry, () => ctx.kube.listScaledObjects(namespace));
  let changed = 0;
  await Promise.all(
    found.map((so) =>
      ctx.limiter.run(async () => {
        const done = await withRetry(ctx.retry, async (attempt) => {
          const current =
            attempt === 0
              ? so
              : (await ctx.kube.listScaledObjects(namespace)).find((o) => o.name === so.name);
          const patch = current && plan(current.annotations);
          if (!current || !patch) return false;
          await ctx.kube.annotateScaledObject(namespace, so.name, patch, current.resourceVersion);
          return true;
        }).catch((error) => {
          if (isNotFound(error)) return false;
          throw error;
        });
        if (done) changed += 1;
      }),
    ),
  );
  return changed;
}
