/**
 * Pausing and restoring the GitOps reconcilers that manage a namespace's workloads, with core's
 * plans (the previous value recorded on the reconciler in the same patch). Argo CD self-heal and
 * Flux put a scaled-down Deployment straight back to Git's count, so suspend pauses them BEFORE
 * scaling and resume restores them AFTER scaling back. Every write carries the resourceVersion it
 * was planned from: two namespaces sharing an Application, or a person editing it, never lose each
 * other's change (a 409 re-reads and plans again).
 */
import {
  ANNOTATIONS,
  emptyGitOpsSuspendOutcome,
  type GitOpsResumeOutcome,
  type GitOpsSuspendOutcome,
  managersOf,
  managersOfAll,
  pausedFor,
  planReconcilerPause,
  planReconcilerRestore,
  type ReconcilerRef,
  reconcilerKey,
} from '@curfew/core';
import type { ClusterCache } from '../kube/cache.js';
import { isNotFound, KubeError } from '../kube/errors.js';
import type { ActionEnv } from './env.js';
import { withRetry } from './retry.js';

/**
 * Namespaces whose workloads are (or are being) held at 0: a reconciler may stay paused for them.
 * `resuming` counts for the sweep (the resume restores in its own order), not for a pause.
 */
export function suspendedNamespaces(cache: ClusterCache, withResuming = false): Set<string> {
  const found = new Set<string>();
  for (const [name, ns] of cache.namespaces) {
    const state = ns.meta.annotations[ANNOTATIONS.state];
    if (state === 'suspended' || state === 'suspending' || (withResuming && state === 'resuming'))
      found.add(name);
  }
  return found;
}

/** The reconcilers managing the namespace's workloads that Curfew scales (not excluded ones). */
function managersOfNamespace(env: ActionEnv, namespace: string, argoNamespace: string) {
  const workloads = env.ctx.cache
    .workloads(namespace)
    .filter((w) => w.meta.annotations[ANNOTATIONS.exclude] !== 'true')
    .map((w) => w.meta);
  return managersOfAll(workloads, argoNamespace);
}

/** For each ref, every namespace with a workload it manages (from the labels, cluster-wide). */
function namespacesManagedBy(
  cache: ClusterCache,
  refs: readonly ReconcilerRef[],
  argoNamespace: string,
): Map<string, Set<string>> {
  const wanted = new Map(refs.map((r) => [reconcilerKey(r), new Set<string>()]));
  for (const namespace of cache.namespaces.keys()) {
    for (const w of cache.workloads(namespace)) {
      for (const ref of managersOf(w.meta.labels, w.meta.annotations, argoNamespace)) {
        wanted.get(reconcilerKey(ref))?.add(namespace);
      }
    }
  }
  return wanted;
}

const isForbidden = (error: unknown) => error instanceof KubeError && error.status === 403;

/**
 * Suspend's first step after `suspending`: pause each reconciler managing the namespace, unless it
 * also deploys a running namespace (then it is left alone and the owner is told).
 */
export async function pauseReconcilers(
  env: ActionEnv,
  namespace: string,
): Promise<GitOpsSuspendOutcome> {
  const outcome = emptyGitOpsSuspendOutcome();
  const { gitops, ctx } = env;
  if (!gitops) return outcome;
  const refs = managersOfNamespace(env, namespace, gitops.argoNamespace);
  if (refs.length === 0) return outcome;
  const suspended = suspendedNamespaces(ctx.cache);
  const managed = namespacesManagedBy(ctx.cache, refs, gitops.argoNamespace);
  for (const ref of refs) {
    const served = await gitops.served(ref.kind);
    if (served === 'forbidden') outcome.forbidden.push(ref);
    if (served === 'absent') outcome.missing.push(ref);
    if (served !== 'served') continue;
    const result = await withRetry(ctx.retry, async () => {
      const current = await ctx.kube.getReconciler(ref);
      if (!current) {
        gitops.forget(ref);
        return 'missing' as const;
      }
      const manages = [...(managed.get(reconcilerKey(ref)) ?? []), ...current.reported];
      const decision = planReconcilerPause(current, namespace, manages, suspended);
      if (decision.kind === 'shared') return decision;
      const patch = 'patch' in decision ? decision.patch : null;
      if (!patch) {
        gitops.note(current);
        return decision;
      }
      gitops.note(await ctx.kube.patchReconciler(ref, patch, current.resourceVersion));
      ctx.log.info({ namespace, reconciler: reconcilerKey(ref) }, 'GitOps reconciler paused');
      return decision;
    }).catch((error: unknown) => {
      if (isForbidden(error)) return 'forbidden' as const;
      if (isNotFound(error)) return 'missing' as const;
      throw error;
    });
    if (result === 'forbidden') outcome.forbidden.push(ref);
    else if (result === 'missing') outcome.missing.push(ref);
    else if (result.kind === 'shared') outcome.shared.push({ ref, running: result.running });
    else if (result.kind !== 'not-reconciling') outcome.paused.push(ref);
  }
  return outcome;
}

/**
 * Resume's step after the workloads are back (and a person's wake): restore every reconciler
 * Curfew paused for the namespace, exactly as it was, removing the record in the same patch.
 */
export async function restoreReconcilers(
  env: ActionEnv,
  namespace: string,
): Promise<GitOpsResumeOutcome> {
  const outcome: GitOpsResumeOutcome = { restored: [] };
  const { gitops, ctx } = env;
  if (!gitops) return outcome;
  // What the workloads' labels name, and what the registry knows was paused for it (after a
  // restart the registry is filled by the first list of each kind, below).
  const candidates = new Map<string, ReconcilerRef>();
  for (const ref of managersOfNamespace(env, namespace, gitops.argoNamespace))
    candidates.set(reconcilerKey(ref), ref);
  for (const kind of ['Application', 'Kustomization', 'HelmRelease'] as const) {
    if ((await gitops.served(kind)) !== 'served') {
      for (const [key, ref] of candidates) if (ref.kind === kind) candidates.delete(key);
    }
  }
  for (const object of gitops.pausedFor(namespace))
    candidates.set(reconcilerKey(object.ref), object.ref);
  for (const ref of [...candidates.values()].sort((a, b) =>
    reconcilerKey(a).localeCompare(reconcilerKey(b)),
  )) {
    const restored = await withRetry(ctx.retry, async () => {
      const current = await ctx.kube.getReconciler(ref);
      if (!current) {
        gitops.forget(ref);
        return null;
      }
      const patch = planReconcilerRestore(current, namespace);
      if (!patch) {
        gitops.note(current);
        return null;
      }
      gitops.note(await ctx.kube.patchReconciler(ref, patch, current.resourceVersion));
      ctx.log.info({ namespace, reconciler: reconcilerKey(ref) }, 'GitOps reconciler restored');
      return pausedFor(current.annotations);
    }).catch((error: unknown) => {
      if (isNotFound(error)) return null;
      throw error;
    });
    if (restored === null) continue;
    const suspended = suspendedNamespaces(ctx.cache);
    const stillSuspended = restored.filter((ns) => ns !== namespace && suspended.has(ns));
    outcome.restored.push({ ref, stillSuspended });
  }
  return outcome;
}
