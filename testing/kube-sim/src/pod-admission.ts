import type { KubeObject } from './object.js';
import { isPlainObject } from './object.js';
import type { ResourceType } from './resources.js';
import { mustResource } from './resources.js';
import { forbidden } from './status.js';
import type { Store } from './store.js';

type Obj = Record<string, unknown>;

/** Where the ServiceAccount admission plugin mounts the projected token (kubelet's convention). */
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The priorities of the built-in classes the apiserver creates at startup. */
const SYSTEM_PRIORITY: Record<string, number> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

export interface PodAdmissionContext {
  /** `automountServiceAccountToken` of the pod's ServiceAccount, when that account exists. */
  serviceAccountAutomount: (name: string) => boolean | undefined;
  /** A stored PriorityClass's value and preemption policy. */
  priorityClass: (name: string) => { value: number; preemptionPolicy?: string } | undefined;
  /** Five characters of utilrand.String, for the `kube-api-access-xxxxx` volume name. */
  suffix: () => string;
}

/**
 * What the built-in mutating admission plugins add to every new Pod before webhooks see it, so
 * `kubectl get pod -o yaml` shows the same spec as on a cluster: ServiceAccount (account name
 * and the projected `kube-api-access-*` token volume), Priority, DefaultTolerationSeconds, plus
 * SetDefaults_Pod's `enableServiceLinks` (pod-only, so templates do not get it).
 * Returns the reason the Priority plugin forbids the pod, if it does.
 */
export function admitNewPod(pod: KubeObject, ctx: PodAdmissionContext): string | undefined {
  const spec = (pod.spec ?? {}) as Obj;
  pod.spec = spec;
  if (spec.enableServiceLinks === undefined) spec.enableServiceLinks = true;
  // v1 conversion keeps the deprecated `serviceAccount` mirror of `serviceAccountName`.
  const sa =
    typeof spec.serviceAccountName === 'string' && spec.serviceAccountName
      ? spec.serviceAccountName
      : typeof spec.serviceAccount === 'string' && spec.serviceAccount
        ? spec.serviceAccount
        : 'default';
  spec.serviceAccountName = sa;
  spec.serviceAccount = sa;
  const automount =
    typeof spec.automountServiceAccountToken === 'boolean'
      ? spec.automountServiceAccountToken
      : (ctx.serviceAccountAutomount(sa) ?? true);
  if (automount) mountToken(spec, ctx.suffix());
  const denied = setPriority(spec, ctx);
  if (denied) return denied;
  addDefaultTolerations(spec);
  return undefined;
}

function containers(spec: Obj): Obj[] {
  const out: Obj[] = [];
  for (const list of ['initContainers', 'containers']) {
    const cs = spec[list];
    if (Array.isArray(cs)) for (const c of cs) if (isPlainObject(c)) out.push(c);
  }
  return out;
}

function mountToken(spec: Obj, suffix: string): void {
  const cs = containers(spec);
  const mounted = (c: Obj) =>
    Array.isArray(c.volumeMounts) &&
    c.volumeMounts.some((m) => isPlainObject(m) && m.mountPath === TOKEN_MOUNT_PATH);
  // A pod that mounts something at the token path itself is left alone, as the plugin does.
  if (cs.some(mounted)) return;
  const name = `kube-api-access-${suffix}`;
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  volumes.push({
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [
              {
                path: 'namespace',
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
              },
            ],
          },
        },
      ],
      defaultMode: 420,
    },
  });
  spec.volumes = volumes;
  for (const c of cs) {
    const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
    mounts.push({ name, readOnly: true, mountPath: TOKEN_MOUNT_PATH });
    c.volumeMounts = mounts;
  }
}

function setPriority(spec: Obj, ctx: PodAdmissionContext): string | undefined {
  const cls = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (cls === '') {
    // No globalDefault PriorityClass exists here, so every unclassed pod gets priority 0.
    spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
    return undefined;
  }
  const system = SYSTEM_PRIORITY[cls];
  const found = system !== undefined ? { value: system } : ctx.priorityClass(cls);
  if (!found) return `no PriorityClass with name ${cls} was found`;
  spec.priority = found.value;
  spec.preemptionPolicy ??= found.preemptionPolicy ?? 'PreemptLowerPriority';
  return undefined;
}

const TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

function addDefaultTolerations(spec: Obj): void {
  const tols = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  for (const key of TAINTS) {
    const tolerated = tols.some(
      (t) =>
        isPlainObject(t) &&
        (t.key === key || (t.key === undefined && t.operator === 'Exists')) &&
        (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute'),
    );
    if (!tolerated)
      tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tols;
}

/** The compiled-in mutating plugins for a new pod, reading ServiceAccounts and PriorityClasses. */
export function admitPodFromStore(
  store: Store,
  rt: ResourceType,
  ns: string,
  pod: KubeObject,
  suffix: () => string,
): void {
  const denied = admitNewPod(pod, {
    serviceAccountAutomount: (name) => {
      const sa = store.get(mustResource('', 'serviceaccounts'), ns, name);
      return typeof sa?.automountServiceAccountToken === 'boolean'
        ? sa.automountServiceAccountToken
        : undefined;
    },
    priorityClass: (name) => {
      const pc = store.get(mustResource('scheduling.k8s.io', 'priorityclasses'), '', name);
      if (!pc || typeof pc.value !== 'number') return undefined;
      return typeof pc.preemptionPolicy === 'string'
        ? { value: pc.value, preemptionPolicy: pc.preemptionPolicy }
        : { value: pc.value };
    },
    suffix,
  });
  if (denied) throw forbidden(rt, pod.metadata.name ?? '', denied);
}
