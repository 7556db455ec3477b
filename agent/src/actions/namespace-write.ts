import { ANNOTATIONS, type AnnotationPatch, rememberCommandId } from '@curfew/core';
import { KubeError } from '../kube/errors.js';
import type { NamespaceObject } from '../kube/types.js';
import type { ActionContext } from './context.js';
import { withRetry } from './retry.js';

type Annotations = Readonly<Record<string, string>>;

/**
 * Writes namespace annotations: a patch, or a function of the annotations as they are (the
 * outbox and the command-id list are read-modify-write). Such a write, and any write with a
 * command id, is guarded by the resourceVersion and recomputed from a fresh read after a 409, so
 * two writers never lose each other's entries. With a command id, the id is appended to
 * `curfew.dev/command-ids` in the same patch: "this command took effect" and its effect are
 * recorded atomically, and a restarted agent that gets the id again knows it already ran.
 */
export async function writeNamespace(
  ctx: ActionContext,
  name: string,
  patch: AnnotationPatch | ((current: Annotations) => AnnotationPatch),
  options: { commandId?: string } = {},
): Promise<NamespaceObject> {
  const { commandId } = options;
  const guarded = typeof patch === 'function' || commandId !== undefined;
  const plan = (current: Annotations): AnnotationPatch => {
    const out = typeof patch === 'function' ? patch(current) : { ...patch };
    if (commandId) {
      out[ANNOTATIONS.commandIds] = rememberCommandId(current[ANNOTATIONS.commandIds], commandId);
    }
    return out;
  };
  const cached = ctx.cache.namespace(name);
  // A write that changes nothing still bumps the resourceVersion and wakes every watcher.
  if (cached && !changes(cached.meta.annotations, plan(cached.meta.annotations))) return cached;
  const written = await withRetry(ctx.retry, async (attempt) => {
    if (!guarded) return ctx.kube.annotateNamespace(name, patch as AnnotationPatch);
    const current =
      (attempt === 0 ? ctx.cache.namespace(name) : undefined) ??
      (await ctx.kube.getNamespace(name));
    if (!current) throw new KubeError(`namespace "${name}" not found`, 404, 'NotFound');
    return ctx.kube.annotateNamespace(
      name,
      plan(current.meta.annotations),
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

function changes(current: Annotations, patch: AnnotationPatch): boolean {
  return Object.entries(patch).some(([k, v]) => (v === null ? k in current : current[k] !== v));
}
