/**
 * Pausing GitOps reconcilers while a namespace is suspended, and restoring them exactly.
 *
 * Argo CD self-heal and Flux both put a scaled-down Deployment straight back to its Git replica
 * count, so a suspend must pause the reconcilers that manage the namespace FIRST, then scale:
 * - Flux Kustomization / HelmRelease: `spec.suspend: true` (Flux's own switch);
 * - Argo CD Application: `spec.syncPolicy.automated` removed (manual sync never reverts a
 *   change; works on every Argo CD version, unlike the skip-reconcile annotation).
 * The value before the pause and the namespaces it is paused for are recorded on the object
 * itself, in the SAME merge patch, so a crash between any two writes leaves either an untouched
 * object or a paused one that says how to restore it; a restore removes the record in the same
 * patch that restores, so nothing is restored twice.
 */
import { ANNOTATIONS, type AnnotationPatch } from '../common/annotations.js';
import type { ReconcilerKind, ReconcilerRef } from './reconciler-ref.js';

/** What core reads of a reconciler object. */
export interface ReconcilerState {
  ref: ReconcilerRef;
  annotations: Readonly<Record<string, string>>;
  /** Flux: `spec.suspend` (undefined when unset). */
  suspend?: boolean;
  /** Argo CD: `spec.syncPolicy.automated` (undefined when unset: no auto-sync). */
  automated?: unknown;
}

/** A JSON merge patch of the reconciler object: annotations and the few spec fields involved. */
export interface ReconcilerPatch {
  annotations: AnnotationPatch;
  /** `{ suspend }` (Flux) or `{ syncPolicy: { automated } }` (Argo CD); null removes a field. */
  spec: Record<string, unknown>;
}

export type PauseDecision =
  | { kind: 'pause'; patch: ReconcilerPatch }
  /** Paused by Curfew already: this namespace added to its record (or nothing to write). */
  | { kind: 'already-paused'; patch: ReconcilerPatch | null }
  /** Nothing reverts a scale-down: Flux suspended by someone, Argo CD without auto-sync. */
  | { kind: 'not-reconciling' }
  /** It also manages running namespaces: pausing it would stop their deployments too. */
  | { kind: 'shared'; running: string[] };

/** The namespaces Curfew paused the object for (empty: not paused by Curfew). */
export function pausedFor(annotations: Readonly<Record<string, string>>): string[] {
  const raw = annotations[ANNOTATIONS.pausedByCurfew];
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function isPausedByCurfew(annotations: Readonly<Record<string, string>>): boolean {
  return annotations[ANNOTATIONS.pausedByCurfew] !== undefined;
}

function namespaceList(namespaces: Iterable<string>): string {
  return [...new Set(namespaces)].sort().join(',');
}

function isReconciling(kind: ReconcilerKind, state: ReconcilerState): boolean {
  if (kind === 'Application') return state.automated !== undefined && state.automated !== null;
  return state.suspend !== true;
}

/**
 * Whether and how to pause a reconciler for the suspend of `namespace`. `manages`: every
 * namespace it applies workloads to (from the workloads' labels and the object's status);
 * `suspended`: the namespaces suspended or being suspended now. Paused only while ALL the
 * namespaces it manages are suspended.
 */
export function planReconcilerPause(
  state: ReconcilerState,
  namespace: string,
  manages: readonly string[],
  suspended: ReadonlySet<string>,
): PauseDecision {
  if (isPausedByCurfew(state.annotations)) {
    const listed = pausedFor(state.annotations);
    if (listed.includes(namespace)) return { kind: 'already-paused', patch: null };
    return {
      kind: 'already-paused',
      patch: {
        annotations: { [ANNOTATIONS.pausedByCurfew]: namespaceList([...listed, namespace]) },
        spec: {},
      },
    };
  }
  if (!isReconciling(state.ref.kind, state)) return { kind: 'not-reconciling' };
  const running = [...new Set(manages)]
    .filter((ns) => ns !== namespace && !suspended.has(ns))
    .sort();
  if (running.length > 0) return { kind: 'shared', running };
  const forNamespaces = namespaceList([namespace, ...manages]);
  if (state.ref.kind === 'Application') {
    return {
      kind: 'pause',
      patch: {
        annotations: {
          [ANNOTATIONS.pausedByCurfew]: forNamespaces,
          [ANNOTATIONS.previousSyncPolicy]: JSON.stringify(state.automated),
        },
        spec: { syncPolicy: { automated: null } },
      },
    };
  }
  return {
    kind: 'pause',
    patch: {
      annotations: {
        [ANNOTATIONS.pausedByCurfew]: forNamespaces,
        [ANNOTATIONS.previousFluxSuspend]: state.suspend === false ? 'false' : 'absent',
      },
      spec: { suspend: true },
    },
  };
}

/**
 * The patch that restores a reconciler Curfew paused for `namespace`, exactly as it was, and
 * removes the record in the same write; null when Curfew did not pause it for that namespace
 * (never paused, already restored, or paused by a person). Once any namespace it was paused for
 * resumes, not all are suspended any more, so it is restored.
 */
export function planReconcilerRestore(
  state: ReconcilerState,
  namespace: string,
): ReconcilerPatch | null {
  if (!pausedFor(state.annotations).includes(namespace)) return null;
  return restorePatch(state);
}

/** The restore of a reconciler Curfew paused, whatever namespace it was for (a sweep). */
export function restorePatch(state: ReconcilerState): ReconcilerPatch | null {
  if (!isPausedByCurfew(state.annotations)) return null;
  const clear: AnnotationPatch = {
    [ANNOTATIONS.pausedByCurfew]: null,
    [ANNOTATIONS.previousSyncPolicy]: null,
    [ANNOTATIONS.previousFluxSuspend]: null,
  };
  if (state.ref.kind === 'Application') {
    const raw = state.annotations[ANNOTATIONS.previousSyncPolicy];
    let automated: unknown = null;
    if (raw !== undefined) {
      try {
        automated = JSON.parse(raw);
      } catch {
        // An unreadable record (edited by hand): auto-sync on, as an empty `automated` means,
        // so the Application is not left without self-heal forever.
        automated = {};
      }
    }
    return { annotations: clear, spec: { syncPolicy: { automated } } };
  }
  const previous = state.annotations[ANNOTATIONS.previousFluxSuspend];
  return { annotations: clear, spec: { suspend: previous === 'false' ? false : null } };
}

/**
 * A reconciler Curfew paused whose namespaces are all running again (their resume restored
 * nothing: a person woke them by hand, or the namespace was deleted): it must be restored, so
 * nothing stays paused forever. `suspended`: namespaces suspended or suspending.
 */
export function isPausedForNothing(
  annotations: Readonly<Record<string, string>>,
  suspended: ReadonlySet<string>,
): boolean {
  if (!isPausedByCurfew(annotations)) return false;
  return !pausedFor(annotations).some((ns) => suspended.has(ns));
}

/**
 * The namespaces a reconciler object says it applies to: Argo CD's `status.resources[].namespace`
 * and `spec.destination.namespace`, a Flux Kustomization's `status.inventory.entries[].id`
 * (`<namespace>_<name>_<group>_<kind>`), a HelmRelease's `spec.targetNamespace` (else its own).
 */
export function reportedNamespaces(
  kind: ReconcilerKind,
  object: { metadata?: { namespace?: string }; spec?: unknown; status?: unknown },
): string[] {
  const found = new Set<string>();
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const status = (object.status ?? {}) as Record<string, unknown>;
  if (kind === 'Application') {
    const dest = (spec.destination ?? {}) as { namespace?: unknown };
    if (typeof dest.namespace === 'string' && dest.namespace !== '') found.add(dest.namespace);
    const resources = Array.isArray(status.resources) ? status.resources : [];
    for (const r of resources as Array<{ namespace?: unknown }>) {
      if (typeof r?.namespace === 'string' && r.namespace !== '') found.add(r.namespace);
    }
  } else if (kind === 'Kustomization') {
    const inventory = (status.inventory ?? {}) as { entries?: unknown };
    const entries = Array.isArray(inventory.entries) ? inventory.entries : [];
    for (const e of entries as Array<{ id?: unknown }>) {
      const ns = typeof e?.id === 'string' ? e.id.split('_')[0] : '';
      if (ns) found.add(ns);
    }
  } else {
    const target = spec.targetNamespace;
    if (typeof target === 'string' && target !== '') found.add(target);
    else if (object.metadata?.namespace) found.add(object.metadata.namespace);
  }
  return [...found].sort();
}
