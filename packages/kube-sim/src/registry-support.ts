import type { AdmissionAttributes, UserInfo } from './admission-types.js';
import { ADMIN } from './admission-types.js';
import type { KubeObject } from './object.js';
import { deepEqual } from './object.js';
import type { ResourceType } from './resources.js';
import { mustResource } from './resources.js';
import { ApiError, forbidden, notFound } from './status.js';
import type { Store } from './store.js';

/** Per-write options every registry verb takes. */
export interface WriteOptions {
  dryRun?: boolean;
  user?: UserInfo;
  /** Field manager for ownership (server-side apply conflicts); from ?fieldManager or the User-Agent. */
  manager?: string | undefined;
  /** Simulated system components writing what the real ones write via subresources admission ignores (pods/binding). */
  skipAdmission?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: string | undefined;
  gracePeriodSeconds?: number | undefined;
  preconditions?: { uid?: string; resourceVersion?: string } | undefined;
}

export function attrs(
  operation: 'CREATE' | 'UPDATE' | 'DELETE',
  rt: ResourceType,
  subresource: string,
  namespace: string,
  name: string,
  object: KubeObject | undefined,
  oldObject: KubeObject | undefined,
  opts: WriteOptions,
): AdmissionAttributes {
  return {
    operation,
    rt,
    subresource,
    namespace,
    name,
    object,
    oldObject,
    dryRun: opts.dryRun ?? false,
    userInfo: opts.user ?? ADMIN,
  };
}

/** Controllers write as kube-controller-manager, like their real User-Agent says. */
export function managerOf(opts: WriteOptions): string {
  if (opts.manager) return opts.manager;
  const u = opts.user?.username ?? '';
  return u.startsWith('system:serviceaccount:kube-system:') ? 'kube-controller-manager' : 'unknown';
}

export function stripRv(o: KubeObject): unknown {
  return {
    ...o,
    apiVersion: undefined,
    kind: undefined,
    metadata: { ...o.metadata, resourceVersion: undefined },
  };
}

/** generation follows everything but metadata and status, as the real strategies compare spec. */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: undefined,
    status: undefined,
    apiVersion: undefined,
    kind: undefined,
  });
  return !deepEqual(strip(a), strip(b));
}

export function readyToVanish(rt: ResourceType, o: KubeObject): boolean {
  const m = o.metadata;
  if (!m.deletionTimestamp || (m.finalizers?.length ?? 0) > 0) return false;
  if (rt.kind === 'Pod') return (m.deletionGracePeriodSeconds ?? 0) === 0;
  if (rt.kind === 'Namespace') {
    const f = o.spec?.finalizers;
    return !Array.isArray(f) || f.length === 0;
  }
  return true;
}

/**
 * NamespaceLifecycle admission: no content in a namespace that does not exist (404 on the
 * namespace) or is being terminated (403 with the NamespaceTerminating cause).
 */
export function namespaceGate(store: Store, rt: ResourceType, ns: string, name: string): void {
  if (!rt.namespaced) return;
  const nsRt = mustResource('', 'namespaces');
  const nsObj = store.get(nsRt, '', ns);
  if (!nsObj) throw notFound(nsRt, ns);
  if (nsObj.metadata.deletionTimestamp || nsObj.status?.phase === 'Terminating') {
    const err = forbidden(
      rt,
      name,
      `unable to create new content in namespace ${ns} because it is being terminated`,
    );
    throw new ApiError(err.code, err.reason, err.message, {
      ...err.details,
      causes: [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${ns} is being terminated`,
          field: 'metadata.namespace',
        },
      ],
    });
  }
}

/** The service IP allocator: 10.96.0.0/12 like a kubeadm cluster; `None` stays headless. */
export class ServiceIpAllocator {
  private next = 1;

  allocate(svc: KubeObject): void {
    const spec = svc.spec ?? {};
    if (spec.type === 'ExternalName') return;
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      const n = this.next++;
      spec.clusterIP = `10.96.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
    }
    spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
    svc.spec = spec;
  }
}
