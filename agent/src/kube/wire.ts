import { type ReconcilerKind, reportedNamespaces } from '@curfew/core';
import { KubeError } from './errors.js';
import type { LeaseObject, ReconcilerObject, ScaledObjectRef } from './types.js';

/** Wire shapes of the objects the agent reads without an informer, to and from its small types. */

export const KEDA_SCALED_OBJECTS = '/apis/keda.sh/v1alpha1/namespaces';

export interface RawScaledObject {
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
}

export function fromScaledObject(raw: RawScaledObject): ScaledObjectRef {
  return {
    namespace: raw.metadata?.namespace ?? '',
    name: raw.metadata?.name ?? '',
    annotations: { ...raw.metadata?.annotations },
    resourceVersion: raw.metadata?.resourceVersion ?? '',
  };
}

/** Where each GitOps reconciler kind is served (the versions current Argo CD and Flux serve). */
export const GITOPS: Record<ReconcilerKind, { group: string; version: string; plural: string }> = {
  Application: { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' },
  Kustomization: { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' },
  HelmRelease: { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases' },
};

export interface RawReconciler {
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  spec?: { suspend?: unknown; syncPolicy?: { automated?: unknown } };
  status?: unknown;
}

export function fromReconciler(kind: ReconcilerKind, raw: RawReconciler): ReconcilerObject {
  const spec = raw.spec ?? {};
  const automated = spec.syncPolicy?.automated;
  return {
    ref: { kind, namespace: raw.metadata?.namespace ?? '', name: raw.metadata?.name ?? '' },
    annotations: { ...raw.metadata?.annotations },
    resourceVersion: raw.metadata?.resourceVersion ?? '',
    ...(typeof spec.suspend === 'boolean' ? { suspend: spec.suspend } : {}),
    ...(automated !== undefined && automated !== null ? { automated } : {}),
    reported: reportedNamespaces(kind, raw),
  };
}

/** MicroTime: the API server rejects a Lease timestamp without 6 fractional digits. */
export function microTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, '000Z');
}

/** metav1.Time: RFC 3339 in whole seconds, as the API server writes it. */
export function time(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d+Z$/, 'Z');
}

interface RawLease {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

export function toLease(lease: LeaseObject): RawLease & { apiVersion: string; kind: string } {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: lease.name,
      namespace: lease.namespace,
      ...(lease.resourceVersion ? { resourceVersion: lease.resourceVersion } : {}),
    },
    spec: {
      holderIdentity: lease.holderIdentity,
      leaseDurationSeconds: lease.leaseDurationSeconds,
      acquireTime: microTime(lease.acquireTime),
      renewTime: microTime(lease.renewTime),
      leaseTransitions: lease.leaseTransitions,
    },
  };
}

export function fromLease(raw: unknown): LeaseObject {
  const lease = raw as RawLease;
  const at = (value: string | undefined) => (value ? new Date(value).getTime() : 0);
  return {
    namespace: lease.metadata?.namespace ?? '',
    name: lease.metadata?.name ?? '',
    resourceVersion: lease.metadata?.resourceVersion ?? '',
    holderIdentity: lease.spec?.holderIdentity ?? '',
    leaseDurationSeconds: lease.spec?.leaseDurationSeconds ?? 0,
    acquireTime: at(lease.spec?.acquireTime),
    renewTime: at(lease.spec?.renewTime),
    leaseTransitions: lease.spec?.leaseTransitions ?? 0,
  };
}

export async function orNull<T>(request: () => Promise<T>): Promise<T | null> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof KubeError && error.status === 404) return null;
    throw error;
  }
}
