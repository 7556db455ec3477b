import type { AdmissionAttributes, UserInfo } from './admission-types.js';
import { ADMIN } from './admission-types.js';
import type { KubeObject } from './object.js';
import { deepEqual } from './object.js';
import type { ResourceType } from './resources.js';
import { conflict } from './status.js';

/** Per-write options every registry verb takes. */
export interface WriteOptions {
  dryRun?: boolean;
  user?: UserInfo;
  /** Field manager for ownership (server-side apply conflicts); from ?fieldManager or the User-Agent. */
  manager?: string | undefined;
  /** Simulated system components writing what the real ones write via subresources admission ignores (pods/binding). */
  skipAdmission?: boolean;
  /** A server-side apply's configuration: its manager then owns exactly that (operation Apply). */
  applied?: Record<string, unknown>;
  /** pods/binding: the real binding path sets nodeName without a managedFields entry. */
  untracked?: boolean;
  /** The options the client sent (fieldManager, fieldValidation, propagationPolicy, …). */
  requestOptions?: Record<string, unknown>;
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
    options: opts.requestOptions ?? {},
  };
}

/** Controllers write as kube-controller-manager, like their real User-Agent says. */
export function managerOf(opts: WriteOptions): string {
  if (opts.manager) return opts.manager;
  const u = opts.user?.username ?? '';
  // The kubelet is its own binary; its User-Agent (`kubelet/v1.32…`) names its entries.
  if (u === 'system:serviceaccount:kube-system:kubelet') return 'kubelet';
  return u.startsWith('system:serviceaccount:kube-system:') ? 'kube-controller-manager' : 'unknown';
}

export function stripRv(o: KubeObject): unknown {
  return {
    ...o,
    apiVersion: undefined,
    kind: undefined,
    // managedFields are derived from the write itself, so they never make a write a change.
    metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined },
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
 * DELETE preconditions (uid, resourceVersion). The generic store says "in meta" for the
 * resourceVersion; the namespace REST, which checks its own, says "in object meta".
 */
export function checkPreconditions(
  rt: ResourceType,
  cur: KubeObject,
  options: DeleteOptions,
  meta: 'meta' | 'object meta' = 'meta',
): void {
  const name = cur.metadata.name ?? '';
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== cur.metadata.uid) {
    throw conflict(
      rt,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion) {
    throw conflict(
      rt,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in ${meta}: ${cur.metadata.resourceVersion}`,
    );
  }
}

/** The service IP allocator: 10.96.0.0/12 like a kubeadm cluster; `None` stays headless. */
/** Whether a Service type gets node ports (LoadBalancer unless allocateLoadBalancerNodePorts=false). */
function needsNodePorts(spec: Record<string, unknown>): boolean {
  if (spec.type === 'NodePort') return true;
  return spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false;
}

/**
 * The Service REST's allocators: a cluster IP from 10.96.0.0/12 and, for NodePort and
 * LoadBalancer Services, a node port from 30000–32767 per port that names none.
 */
export class ServiceIpAllocator {
  private next = 1;
  private nextNodePort = 30000;
  private readonly nodePorts = new Set<number>();

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
    if (needsNodePorts(spec) && Array.isArray(spec.ports)) {
      for (const p of spec.ports) {
        if (typeof p !== 'object' || p === null) continue;
        const port = p as Record<string, unknown>;
        if (typeof port.nodePort === 'number' && port.nodePort > 0) {
          this.nodePorts.add(port.nodePort);
          continue;
        }
        while (this.nodePorts.has(this.nextNodePort)) this.nextNodePort++;
        port.nodePort = this.nextNodePort;
        this.nodePorts.add(this.nextNodePort);
        this.nextNodePort = this.nextNodePort >= 32767 ? 30000 : this.nextNodePort + 1;
      }
    }
    svc.spec = spec;
  }

  /**
   * patchAllocatedValues: an update that leaves out what was allocated (a PUT of an edited
   * manifest) keeps the cluster IPs, and the node port of each port of the same name.
   */
  keepAllocated(old: KubeObject, next: KubeObject): void {
    const o = old.spec ?? {};
    const n = next.spec ?? {};
    if (o.type !== 'ExternalName' && n.type !== 'ExternalName') {
      if (n.clusterIP === undefined || n.clusterIP === '') n.clusterIP = o.clusterIP;
      const sameIps = JSON.stringify(n.clusterIPs) === JSON.stringify(o.clusterIPs);
      if (!Array.isArray(n.clusterIPs) || n.clusterIPs.length === 0) n.clusterIPs = o.clusterIPs;
      // normalizeClusterIPs: a changed clusterIP with untouched clusterIPs moves clusterIPs[0].
      if (n.clusterIP !== o.clusterIP && (sameIps || n.clusterIPs === o.clusterIPs))
        n.clusterIPs = [n.clusterIP];
    }
    if (needsNodePorts(o) && needsNodePorts(n) && Array.isArray(n.ports)) {
      const byName = new Map<unknown, unknown>();
      for (const p of Array.isArray(o.ports) ? o.ports : [])
        if (typeof p === 'object' && p !== null) {
          const port = p as Record<string, unknown>;
          byName.set(port.name ?? '', port.nodePort);
        }
      for (const p of n.ports) {
        if (typeof p !== 'object' || p === null) continue;
        const port = p as Record<string, unknown>;
        if (port.nodePort === undefined || port.nodePort === 0) {
          const kept = byName.get(port.name ?? '');
          if (kept !== undefined) port.nodePort = kept;
        }
      }
    }
    next.spec = n;
    this.allocate(next);
  }
}

/** Pods on a node get a grace period the simulated kubelet honours; everything else goes at once. */
export function graceSeconds(rt: ResourceType, cur: KubeObject, options: DeleteOptions): number {
  if (rt.kind !== 'Pod') return 0;
  if (!cur.spec?.nodeName) return 0;
  if (options.gracePeriodSeconds !== undefined) return Math.max(0, options.gracePeriodSeconds);
  const t = cur.spec?.terminationGracePeriodSeconds;
  return typeof t === 'number' ? t : 30;
}
