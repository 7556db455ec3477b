/**
 * What manages a workload through GitOps: an Argo CD Application or a Flux Kustomization /
 * HelmRelease. Read from the labels and annotations those controllers stamp on what they apply,
 * so detection needs no access to Git and no change to the user's repositories.
 */

export type ReconcilerKind = 'Application' | 'Kustomization' | 'HelmRelease';

export interface ReconcilerRef {
  kind: ReconcilerKind;
  namespace: string;
  name: string;
}

/** Argo CD: the app name (or `<namespace>_<name>` with "applications in any namespace"). */
export const ARGOCD_INSTANCE_LABEL = 'argocd.argoproj.io/instance';
/** Argo CD annotation tracking: `<app>:<group>/<kind>:<namespace>/<name>`. */
export const ARGOCD_TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
export const FLUX_KUSTOMIZE_LABELS = {
  name: 'kustomize.toolkit.fluxcd.io/name',
  namespace: 'kustomize.toolkit.fluxcd.io/namespace',
} as const;
export const FLUX_HELM_LABELS = {
  name: 'helm.toolkit.fluxcd.io/name',
  namespace: 'helm.toolkit.fluxcd.io/namespace',
} as const;

/** Where Argo CD's Applications live unless the agent is told otherwise. */
export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';

export function reconcilerKey(ref: ReconcilerRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** `kind namespace/name`, as the owner reads it. */
export function reconcilerLabel(ref: ReconcilerRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

function argoApplication(value: string, argoNamespace: string): ReconcilerRef | null {
  const app = value.trim();
  if (app === '') return null;
  // Applications outside Argo CD's own namespace are tracked as `<namespace>_<name>`
  // (Kubernetes names never contain `_`, so the split is unambiguous).
  const split = app.indexOf('_');
  if (split > 0) {
    return { kind: 'Application', namespace: app.slice(0, split), name: app.slice(split + 1) };
  }
  return { kind: 'Application', namespace: argoNamespace, name: app };
}

function fluxRef(
  kind: 'Kustomization' | 'HelmRelease',
  labels: Readonly<Record<string, string>>,
  keys: { name: string; namespace: string },
): ReconcilerRef | null {
  const name = labels[keys.name];
  const namespace = labels[keys.namespace];
  if (!name || !namespace) return null;
  return { kind, namespace, name };
}

/**
 * The reconcilers that manage an object, from its labels and annotations: Argo CD's instance
 * label or tracking-id annotation, Flux's kustomize/helm name+namespace labels. Deduplicated; in
 * a stable order (Argo CD, Kustomization, HelmRelease).
 */
export function managersOf(
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
  argoNamespace: string = DEFAULT_ARGOCD_NAMESPACE,
): ReconcilerRef[] {
  const found: ReconcilerRef[] = [];
  const tracking = annotations[ARGOCD_TRACKING_ANNOTATION];
  const fromTracking = tracking
    ? argoApplication(tracking.split(':')[0] ?? '', argoNamespace)
    : null;
  const instance = labels[ARGOCD_INSTANCE_LABEL];
  const fromLabel = instance ? argoApplication(instance, argoNamespace) : null;
  for (const ref of [
    fromTracking,
    fromLabel,
    fluxRef('Kustomization', labels, FLUX_KUSTOMIZE_LABELS),
    fluxRef('HelmRelease', labels, FLUX_HELM_LABELS),
  ]) {
    if (ref && !found.some((f) => reconcilerKey(f) === reconcilerKey(ref))) found.push(ref);
  }
  return found;
}

/** The reconcilers managing any of these objects, each once, sorted by key. */
export function managersOfAll(
  objects: ReadonlyArray<{
    labels: Readonly<Record<string, string>>;
    annotations: Readonly<Record<string, string>>;
  }>,
  argoNamespace: string = DEFAULT_ARGOCD_NAMESPACE,
): ReconcilerRef[] {
  const byKey = new Map<string, ReconcilerRef>();
  for (const o of objects) {
    for (const ref of managersOf(o.labels, o.annotations, argoNamespace)) {
      byKey.set(reconcilerKey(ref), ref);
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, ref]) => ref);
}
