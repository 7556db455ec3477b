import type { KubeObject } from './object.js';
import { isPlainObject } from './object.js';

type Obj = Record<string, unknown>;

function obj(parent: Obj, key: string): Obj {
  const v = parent[key];
  if (isPlainObject(v)) return v;
  const fresh: Obj = {};
  parent[key] = fresh;
  return fresh;
}

function dflt(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

function containerDefaults(c: unknown): void {
  if (!isPlainObject(c)) return;
  dflt(c, 'terminationMessagePath', '/dev/termination-log');
  dflt(c, 'terminationMessagePolicy', 'File');
  const image = typeof c.image === 'string' ? c.image : '';
  dflt(
    c,
    'imagePullPolicy',
    image.endsWith(':latest') || !image.includes(':') ? 'Always' : 'IfNotPresent',
  );
  dflt(c, 'resources', {});
  if (Array.isArray(c.ports))
    for (const p of c.ports) if (isPlainObject(p)) dflt(p, 'protocol', 'TCP');
}

/** The scheme defaults kubectl users see echoed back (a subset of SetDefaults_PodSpec). */
export function podSpecDefaults(spec: Obj, restartPolicy: string | undefined = 'Always'): void {
  // Job templates get no default: validation demands OnFailure or Never there.
  if (restartPolicy) dflt(spec, 'restartPolicy', restartPolicy);
  dflt(spec, 'terminationGracePeriodSeconds', 30);
  dflt(spec, 'dnsPolicy', 'ClusterFirst');
  dflt(spec, 'securityContext', {});
  dflt(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['containers', 'initContainers']) {
    const cs = spec[list];
    if (Array.isArray(cs)) for (const c of cs) containerDefaults(c);
  }
}

function templateDefaults(spec: Obj, restartPolicy: string | undefined = 'Always'): void {
  const tpl = obj(spec, 'template');
  obj(tpl, 'metadata');
  podSpecDefaults(obj(tpl, 'spec'), restartPolicy);
}

/**
 * `stringData` is write-only: the v1→internal conversion base64-merges it into `data` (winning
 * over a `data` key of the same name) and nothing stores it, so it is never read back.
 */
function mergeStringData(o: Obj): void {
  const sd = o.stringData;
  delete o.stringData;
  if (!isPlainObject(sd)) return;
  const data = isPlainObject(o.data) ? o.data : {};
  for (const [k, v] of Object.entries(sd))
    data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  o.data = data;
}

/** Defaulting as the real apiserver's scheme does on decode, before admission. */
export function applyDefaults(kind: string, o: KubeObject): void {
  const spec = o.spec ?? {};
  switch (kind) {
    case 'Pod':
      podSpecDefaults(spec);
      o.spec = spec;
      return;
    case 'Deployment': {
      dflt(spec, 'replicas', 1);
      dflt(spec, 'revisionHistoryLimit', 10);
      dflt(spec, 'progressDeadlineSeconds', 600);
      const strategy = obj(spec, 'strategy');
      dflt(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate') {
        const ru = obj(strategy, 'rollingUpdate');
        dflt(ru, 'maxUnavailable', '25%');
        dflt(ru, 'maxSurge', '25%');
      }
      templateDefaults(spec);
      o.spec = spec;
      return;
    }
    case 'StatefulSet': {
      dflt(spec, 'replicas', 1);
      dflt(spec, 'podManagementPolicy', 'OrderedReady');
      dflt(spec, 'revisionHistoryLimit', 10);
      const us = obj(spec, 'updateStrategy');
      dflt(us, 'type', 'RollingUpdate');
      if (us.type === 'RollingUpdate') dflt(obj(us, 'rollingUpdate'), 'partition', 0);
      dflt(spec, 'persistentVolumeClaimRetentionPolicy', {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      });
      templateDefaults(spec);
      o.spec = spec;
      return;
    }
    case 'ReplicaSet':
      dflt(spec, 'replicas', 1);
      templateDefaults(spec);
      o.spec = spec;
      return;
    case 'Job':
      dflt(spec, 'parallelism', 1);
      dflt(spec, 'completions', 1);
      dflt(spec, 'backoffLimit', 6);
      dflt(spec, 'suspend', false);
      dflt(spec, 'completionMode', 'NonIndexed');
      templateDefaults(spec, undefined);
      o.spec = spec;
      return;
    case 'CronJob': {
      dflt(spec, 'suspend', false);
      dflt(spec, 'concurrencyPolicy', 'Allow');
      dflt(spec, 'successfulJobsHistoryLimit', 3);
      dflt(spec, 'failedJobsHistoryLimit', 1);
      const jt = obj(spec, 'jobTemplate');
      templateDefaults(obj(jt, 'spec'), undefined);
      o.spec = spec;
      return;
    }
    case 'Service': {
      dflt(spec, 'type', 'ClusterIP');
      dflt(spec, 'sessionAffinity', 'None');
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
        dflt(spec, 'externalTrafficPolicy', 'Cluster');
      if (spec.type === 'LoadBalancer') dflt(spec, 'allocateLoadBalancerNodePorts', true);
      if (Array.isArray(spec.ports)) {
        for (const p of spec.ports) {
          if (!isPlainObject(p)) continue;
          dflt(p, 'protocol', 'TCP');
          dflt(p, 'targetPort', p.port);
        }
      }
      o.spec = spec;
      return;
    }
    case 'Secret':
      dflt(o as Obj, 'type', 'Opaque');
      mergeStringData(o as Obj);
      return;
    case 'Namespace':
      // PrepareForCreate: the namespace controller's `kubernetes` finalizer is always there.
      if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
      else if (!spec.finalizers.includes('kubernetes'))
        spec.finalizers = [...spec.finalizers, 'kubernetes'];
      // NamespaceDefaultLabelName: the server labels every namespace with its own name.
      if (o.metadata.name) {
        o.metadata.labels = {
          ...o.metadata.labels,
          'kubernetes.io/metadata.name': o.metadata.name,
        };
      }
      o.spec = spec;
      return;
    case 'MutatingWebhookConfiguration':
    case 'ValidatingWebhookConfiguration': {
      const hooks = Array.isArray(o.webhooks) ? o.webhooks : [];
      for (const h of hooks) {
        if (!isPlainObject(h)) continue;
        dflt(h, 'failurePolicy', 'Fail');
        dflt(h, 'matchPolicy', 'Equivalent');
        dflt(h, 'namespaceSelector', {});
        dflt(h, 'objectSelector', {});
        dflt(h, 'timeoutSeconds', 10);
        if (kind === 'MutatingWebhookConfiguration') dflt(h, 'reinvocationPolicy', 'Never');
        if (Array.isArray(h.rules))
          for (const r of h.rules) if (isPlainObject(r)) dflt(r, 'scope', '*');
      }
      return;
    }
  }
}

/** What status a type starts with on create: the real PrepareForCreate strategies reset it. */
export function initialStatus(kind: string): Record<string, unknown> | undefined {
  switch (kind) {
    case 'Pod':
      return { phase: 'Pending', qosClass: 'BestEffort' };
    case 'Namespace':
      return { phase: 'Active' };
    // The workload statuses' counters without omitempty are what an empty status serialises to.
    case 'Deployment':
      return {};
    case 'ReplicaSet':
      return { replicas: 0 };
    case 'StatefulSet':
      return { replicas: 0, availableReplicas: 0 };
    case 'PersistentVolumeClaim':
      // No provisioner runs here: claims stay Pending, as on a cluster without a default class.
      return { phase: 'Pending' };
    case 'PersistentVolume':
      return { phase: 'Available' };
    case 'Job':
    case 'CronJob':
    case 'HorizontalPodAutoscaler':
    case 'DaemonSet':
    case 'PodDisruptionBudget':
    case 'Ingress':
    case 'Service':
      return kind === 'Service' || kind === 'Ingress' ? { loadBalancer: {} } : {};
    default:
      return undefined;
  }
}

/** Job's PrepareForCreate: a selector on the new uid unless spec.manualSelector (needs the uid). */
export function jobSelector(o: KubeObject): void {
  const spec = o.spec ?? {};
  const uid = o.metadata.uid ?? '';
  const name = o.metadata.name ?? '';
  if (spec.manualSelector === true) return;
  const ids = { 'batch.kubernetes.io/controller-uid': uid, 'controller-uid': uid };
  spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const tpl = obj(spec, 'template');
  const meta = obj(tpl, 'metadata');
  meta.labels = {
    ...(isPlainObject(meta.labels) ? meta.labels : {}),
    ...ids,
    'batch.kubernetes.io/job-name': name,
    'job-name': name,
  };
  o.spec = spec;
}
