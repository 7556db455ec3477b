/**
 * What the owner is told about the GitOps reconcilers of a suspend or resume, as sentences for
 * the notification and the Kubernetes Event. A reconciler Curfew could not pause is said out
 * loud: it will scale the namespace straight back up, and the owner is the one who can act.
 */
import type { ReconcilerKind, ReconcilerRef } from './reconciler-ref.js';

/** What the suspend's pause step did, per reconciler managing the namespace's workloads. */
export interface GitOpsSuspendOutcome {
  /** Paused for this namespace (now, or by an earlier suspend of it or of another namespace). */
  paused: ReconcilerRef[];
  /** Also manages namespaces that are running: left reconciling. */
  shared: { ref: ReconcilerRef; running: string[] }[];
  /** The agent may not read or change it (its RBAC lacks the GitOps rules). */
  forbidden: ReconcilerRef[];
  /**
   * The workloads' labels name it, but this cluster has no such object (or not its CRD: an
   * Argo CD that deploys here from another cluster keeps its Applications there).
   */
  missing: ReconcilerRef[];
}

export interface GitOpsResumeOutcome {
  /** Restored exactly as before the pause; `stillSuspended`: other namespaces it manages. */
  restored: { ref: ReconcilerRef; stillSuspended: string[] }[];
}

const TOOL: Record<ReconcilerKind, string> = {
  Application: 'Argo CD Application',
  Kustomization: 'Flux Kustomization',
  HelmRelease: 'Flux HelmRelease',
};

/** `Argo CD Application argocd/shop`, as the owner reads it. */
export function reconcilerName(ref: ReconcilerRef): string {
  return `${TOOL[ref.kind]} ${ref.namespace}/${ref.name}`;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const names = (refs: readonly ReconcilerRef[]) => listed(refs.map(reconcilerName));

export function emptyGitOpsSuspendOutcome(): GitOpsSuspendOutcome {
  return { paused: [], shared: [], forbidden: [], missing: [] };
}

/** The suspend's GitOps sentences (empty when nothing manages the namespace). */
export function gitOpsSuspendReport(namespace: string, outcome: GitOpsSuspendOutcome): string[] {
  const lines: string[] = [];
  if (outcome.paused.length > 0) {
    const them = outcome.paused.length === 1 ? 'it' : 'them';
    lines.push(
      `Paused ${names(outcome.paused)} so Git does not scale ${namespace} back up; resume restores ${them}.`,
    );
  }
  for (const { ref, running } of outcome.shared) {
    lines.push(
      `Not paused: ${reconcilerName(ref)} also deploys ${listed(running)}, which ${running.length === 1 ? 'is' : 'are'} running; it may scale ${namespace} back up.`,
    );
  }
  if (outcome.forbidden.length > 0) {
    lines.push(
      `Not paused: Curfew may not change ${names(outcome.forbidden)} (install the agent chart with gitops.enabled=true); it may scale ${namespace} back up.`,
    );
  }
  if (outcome.missing.length > 0) {
    const are = outcome.missing.length === 1 ? 'is' : 'are';
    lines.push(
      `Not paused: ${names(outcome.missing)}, named by the workloads' labels, ${are} not in this cluster; Git may scale ${namespace} back up.`,
    );
  }
  return lines;
}

/** The resume's GitOps sentences (empty when Curfew had paused nothing for the namespace). */
export function gitOpsResumeReport(outcome: GitOpsResumeOutcome): string[] {
  if (outcome.restored.length === 0) return [];
  const lines = [
    `Restored ${names(outcome.restored.map((r) => r.ref))} as ${outcome.restored.length === 1 ? 'it was' : 'they were'}.`,
  ];
  for (const { ref, stillSuspended } of outcome.restored) {
    if (stillSuspended.length === 0) continue;
    lines.push(
      `${reconcilerName(ref)} also deploys ${listed(stillSuspended)}, still suspended: it may scale ${stillSuspended.length === 1 ? 'it' : 'them'} back up.`,
    );
  }
  return lines;
}
