import { ANN } from '../annotations.js';
import { KubeError } from '../kube/errors.js';
import type { AnnotationPatch, NamespaceObject } from '../kube/types.js';
import type { ActionContext } from './context.js';
import { withRetry } from './retry.js';

/** How many command ids a namespace remembers; the hub retries a command for minutes, not days. */
export const REMEMBERED_IDS = 20;

export function rememberedIds(ns: NamespaceObject | undefined): string[] {
  const text = ns?.meta.annotations[ANN.commandIds];
  return text ? text.split(',').filter(Boolean) : [];
}

/**
 * Patches namespace annotations. With a command id, the id is appended to
 * `curfew.dev/command-ids` in the same patch, guarded by the resourceVersion, so "this
 * command took effect" and its effect are recorded atomically — a restarted agent that gets
 * the id again knows it already ran.
 */
export async function patchNamespace(
  ctx: ActionContext,
  name: string,
  patch: AnnotationPatch,
  commandId?: string,
): Promise<NamespaceObject> {
  const cached = ctx.cache.namespace(name);
  // A write that changes nothing still bumps the resourceVersion and wakes every watcher.
  if (!commandId && cached && !changes(cached.meta.annotations, patch)) return cached;
  const written = await withRetry(ctx.retry, async (attempt) => {
    if (!commandId) return ctx.kube.annotateNamespace(name, patch);
    const current = attempt === 0 ? ctx.cache.namespace(name) : await ctx.kube.getNamespace(name);
    if (!current) throw new KubeError(`namespace "${name}" not found`, 404, 'NotFound');
    const ids = rememberedIds(current).filter((id) => id !== commandId);
    ids.push(commandId);
    const value = ids.slice(-REMEMBERED_IDS).join(',');
    return ctx.kube.annotateNamespace(
      name,
      { ...patch, [ANN.commandIds]: value },
      current.meta.resourceVersion,
    );
  });
  ctx.cache.apply({ type: 'upsert', object: written });
  return written;
}

/** One Event per action on the namespace. Best effort: an Event is a record, not the action. */
export async function recordEvent(
  ctx: ActionContext,
  namespace: string,
  reason: string,
  message: string,
  type: 'Normal' | 'Warning' = 'Normal',
): Promise<void> {
  try {
    await ctx.kube.createEvent({ namespace, reason, message, type, instance: ctx.instance });
  } catch (error) {
    ctx.log.warn({ err: error, namespace, reason }, 'could not record Kubernetes Event');
  }
}

function changes(current: Record<string, string>, patch: AnnotationPatch): boolean {
  return Object.entries(patch).some(([k, v]) => (v === null ? k in current : current[k] !== v));
}
