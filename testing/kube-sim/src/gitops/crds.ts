import { readFileSync } from 'node:fs';

/**
 * The Argo CD and Flux CRDs (trimmed copies in `testing/kube-sim/crds`), as multi-document YAML
 * for `startKubeSim({ fixture })`, `kubectl apply -f` or `installGitOpsCrds`.
 */
export const GITOPS_CRD_FILES = {
  Application: 'argoproj.io_applications.yaml',
  Kustomization: 'kustomize.toolkit.fluxcd.io_kustomizations.yaml',
  HelmRelease: 'helm.toolkit.fluxcd.io_helmreleases.yaml',
} as const;

export type GitOpsKind = keyof typeof GITOPS_CRD_FILES;

export function gitOpsCrdYaml(
  kinds: readonly GitOpsKind[] = ['Application', 'Kustomization', 'HelmRelease'],
): string {
  return kinds
    .map((k) => readFileSync(new URL(`../../crds/${GITOPS_CRD_FILES[k]}`, import.meta.url), 'utf8'))
    .join('\n---\n');
}

/** Where each kind is served once its CRD is installed. */
export const GITOPS_RESOURCES = {
  Application: { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' },
  Kustomization: { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' },
  HelmRelease: { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases' },
} as const;
