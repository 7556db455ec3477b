/**
 * Nothing stays paused forever: a reconciler Curfew paused whose namespaces are none of them
 * suspended any more — woken by hand while the agent was down, deleted, resumed by an agent that
 * crashed before its restore and whose namespace a person then marked running — is restored
 * exactly, here. Run by the leader when it starts leading and then periodically. Each restore
 * holds the locks of every namespace the reconciler was paused for (taken in name order: nothing
 * else takes two), so a suspend starting meanwhile either sees it restored or is seen by it.
 */
import {
  isPausedForNothing,
  pausedFor,
  reconcilerKey,
  reconcilerName,
  restorePatch,
} from '@curfew/core';
import { isNotFound } from '../kube/errors.js';
import type { ReconcilerObject } from '../kube/types.js';
import { type ActionEnv, locked } from './env.js';
import { suspendedNamespaces } from './gitops.js';
import { recordEvent } from './namespace-write.js';
import { withRetry } from './retry.js';

function lockedAll<T>(
  env: ActionEnv,
  namespaces: readonly string[],
  task: (env: ActionEnv) => Promise<T>,
): Promise<T> {
  const [first, ...rest] = [...new Set(namespaces)].sort();
  if (first === undefined) return task(env);
  return locked(env, first, (held) => lockedAll(held, rest, task));
}

/** Lists every reconciler kind again and restores those paused for nothing; returns what it did. */
export async function sweepReconcilers(env: ActionEnv): Promise<string[]> {
  const { gitops, ctx } = env;
  if (!gitops) return [];
  await gitops.refresh();
  const lines: string[] = [];
  for (const object of gitops.all()) {
    if (!isPausedForNothing(object.annotations, suspendedNamespaces(ctx.cache, true))) continue;
    try {
      const line = await restoreForNothing(env, object);
      if (line) lines.push(line);
    } catch (error) {
      ctx.log.warn(
        { reconciler: reconcilerKey(object.ref), err: error },
        'GitOps reconciler not restored; trying at the next sweep',
      );
    }
  }
  return lines;
}

async function restoreForNothing(env: ActionEnv, seen: ReconcilerObject): Promise<string | null> {
  const listed = pausedFor(seen.annotations);
  return lockedAll(env, listed, async (env) => {
    const { gitops, ctx } = env;
    if (!gitops) return null;
    const restored = await withRetry(ctx.retry, async () => {
      const current = await ctx.kube.getReconciler(seen.ref);
      if (!current) {
        gitops.forget(seen.ref);
        return null;
      }
      // Under the locks: a suspend of one of them has written `suspending` by now, or not begun.
      const busy = suspendedNamespaces(ctx.cache, true);
      const patch = isPausedForNothing(current.annotations, busy) ? restorePatch(current) : null;
      if (!patch) {
        gitops.note(current);
        return null;
      }
      gitops.note(await ctx.kube.patchReconciler(seen.ref, patch, current.resourceVersion));
      return pausedFor(current.annotations);
    }).catch((error: unknown) => {
      if (isNotFound(error)) return null;
      throw error;
    });
    if (!restored) return null;
    const line = `Restored ${reconcilerName(seen.ref)} as it was: Curfew had paused it for ${restored.join(', ')}, no longer suspended.`;
    ctx.log.info({ reconciler: reconcilerKey(seen.ref), for: restored }, line);
    for (const namespace of restored) {
      if (ctx.cache.namespace(namespace)) {
        await recordEvent(ctx, namespace, 'CurfewGitOpsRestored', line);
      }
    }
    return line;
  });
}
