import { type ReconcilerKind, reportedNamespaces } from '@curfew/core';
import { ApiException, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import { KubeError } from './errors.js';
import type { LeaseObject, ReconcilerObject, ScaledObjectRef } from './types.js';

/** Wire shapes and error mapping between client-node and the agent's small types. */

export const KEDA = { group: 'keda.sh', version: 'v1alpha1', plural: 'scaledobjects' };

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

export function toLease(lease: LeaseObject): V1Lease {
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
      // MicroTime: the API server rejects a timestamp without 6 fractional digits.
      acquireTime: new V1MicroTime(lease.acquireTime),
      renewTime: new V1MicroTime(lease.renewTime),
      leaseTransitions: lease.leaseTransitions,
    },
  };
}

export function fromLease(lease: V1Lease): LeaseObject {
  const time = (value: unknown) => (value ? new Date(value as string | Date).getTime() : 0);
  return {
    namespace: lease.metadata?.namespace ?? '',
    name: lease.metadata?.name ?? '',
    resourceVersion: lease.metadata?.resourceVersion ?? '',
    holderIdentity: lease.spec?.holderIdentity ?? '',
    leaseDurationSeconds: lease.spec?.leaseDurationSeconds ?? 0,
    acquireTime: time(lease.spec?.acquireTime),
    renewTime: time(lease.spec?.renewTime),
    leaseTransitions: lease.spec?.leaseTransitions ?? 0,
  };
}

/** Every client-node failure becomes a KubeError, so retry logic sees one shape. */
export async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof ApiException) {
      const body = parseBody(error.body);
      const retryAfter = Number(error.headers?.['retry-after']);
      throw new KubeError(
        body.message ?? `HTTP ${error.code}`,
        error.code,
        body.reason ?? '',
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      );
    }
    // No HTTP answer at all (connection refused, reset, DNS): transient by nature.
    throw new KubeError(`request failed: ${(error as Error).message}`, 0, 'ConnectionFailed');
  }
}

function parseBody(body: unknown): { message?: string; reason?: string } {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as { message?: string; reason?: string };
    } catch {
      return { message: body };
    }
  }
  return (body as { message?: string; reason?: string } | null) ?? {};
}

export async function orNull<T>(request: () => Promise<T>): Promise<T | null> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof KubeError && error.status === 404) return null;
    throw error;
  }
}
