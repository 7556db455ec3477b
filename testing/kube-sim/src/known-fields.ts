import { isPlainObject } from './object.js';
import { listStrategy } from './patch/merge-keys.js';

/**
 * The field names of the structs users write by hand most (the Go types' json tags), so a typo
 * such as `spec.replica` or `containers[0].imagePolicy` is an unknown field as on a real server.
 * A field mapped to `ANY` is accepted with whatever it holds (maps, rarely-typed structs).
 */
const ANY = '*';
type Shape = Record<string, string>;

const META: Shape = Object.fromEntries(
  [
    'name',
    'generateName',
    'namespace',
    'selfLink',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'labels',
    'annotations',
    'ownerReferences',
    'finalizers',
    'managedFields',
  ].map((k) => [k, ANY]),
);

const any = (...keys: string[]): Shape => Object.fromEntries(keys.map((k) => [k, ANY]));

const SHAPES: Record<string, Shape> = {
  ObjectMeta: META,
  Container: {
    ...any(
      'name',
      'image',
      'command',
      'args',
      'workingDir',
      'ports',
      'envFrom',
      'env',
      'resources',
      'resizePolicy',
      'restartPolicy',
      'volumeMounts',
      'volumeDevices',
      'livenessProbe',
      'readinessProbe',
      'startupProbe',
      'lifecycle',
      'terminationMessagePath',
      'terminationMessagePolicy',
      'imagePullPolicy',
      'securityContext',
      'stdin',
      'stdinOnce',
      'tty',
    ),
    ports: 'ContainerPort[]',
    env: 'EnvVar[]',
    resources: 'ResourceRequirements',
  },
  ContainerPort: any('name', 'hostPort', 'containerPort', 'protocol', 'hostIP'),
  EnvVar: any('name', 'value', 'valueFrom'),
  ResourceRequirements: any('limits', 'requests', 'claims'),
  PodSpec: {
    ...any(
      'volumes',
      'initContainers',
      'containers',
      'ephemeralContainers',
      'restartPolicy',
      'terminationGracePeriodSeconds',
      'activeDeadlineSeconds',
      'dnsPolicy',
      'nodeSelector',
      'serviceAccountName',
      'serviceAccount',
      'automountServiceAccountToken',
      'nodeName',
      'hostNetwork',
      'hostPID',
      'hostIPC',
      'shareProcessNamespace',
      'securityContext',
      'imagePullSecrets',
      'hostname',
      'subdomain',
      'affinity',
      'schedulerName',
      'tolerations',
      'hostAliases',
      'priorityClassName',
      'priority',
      'dnsConfig',
      'readinessGates',
      'runtimeClassName',
      'enableServiceLinks',
      'preemptionPolicy',
      'overhead',
      'topologySpreadConstraints',
      'setHostnameAsFQDN',
      'os',
      'hostUsers',
      'schedulingGates',
      'resourceClaims',
      'resources',
    ),
    containers: 'Container[]',
    initContainers: 'Container[]',
  },
  PodTemplateSpec: { metadata: 'ObjectMeta', spec: 'PodSpec' },
  LabelSelector: any('matchLabels', 'matchExpressions'),
  DeploymentSpec: {
    ...any(
      'replicas',
      'strategy',
      'minReadySeconds',
      'revisionHistoryLimit',
      'paused',
      'progressDeadlineSeconds',
    ),
    selector: 'LabelSelector',
    template: 'PodTemplateSpec',
  },
  StatefulSetSpec: {
    ...any(
      'replicas',
      'volumeClaimTemplates',
      'serviceName',
      'podManagementPolicy',
      'updateStrategy',
      'revisionHistoryLimit',
      'minReadySeconds',
      'persistentVolumeClaimRetentionPolicy',
      'ordinals',
    ),
    selector: 'LabelSelector',
    template: 'PodTemplateSpec',
  },
  ReplicaSetSpec: {
    ...any('replicas', 'minReadySeconds'),
    selector: 'LabelSelector',
    template: 'PodTemplateSpec',
  },
  DaemonSetSpec: {
    ...any('updateStrategy', 'minReadySeconds', 'revisionHistoryLimit'),
    selector: 'LabelSelector',
    template: 'PodTemplateSpec',
  },
  JobSpec: {
    ...any(
      'parallelism',
      'completions',
      'activeDeadlineSeconds',
      'podFailurePolicy',
      'successPolicy',
      'backoffLimit',
      'backoffLimitPerIndex',
      'maxFailedIndexes',
      'manualSelector',
      'ttlSecondsAfterFinished',
      'completionMode',
      'suspend',
      'podReplacementPolicy',
      'managedBy',
    ),
    selector: 'LabelSelector',
    template: 'PodTemplateSpec',
  },
  JobTemplateSpec: { metadata: 'ObjectMeta', spec: 'JobSpec' },
  CronJobSpec: {
    ...any(
      'schedule',
      'timeZone',
      'startingDeadlineSeconds',
      'concurrencyPolicy',
      'suspend',
      'successfulJobsHistoryLimit',
      'failedJobsHistoryLimit',
    ),
    jobTemplate: 'JobTemplateSpec',
  },
  ServiceSpec: {
    ...any(
      'selector',
      'clusterIP',
      'clusterIPs',
      'type',
      'externalIPs',
      'sessionAffinity',
      'loadBalancerIP',
      'loadBalancerSourceRanges',
      'externalName',
      'externalTrafficPolicy',
      'healthCheckNodePort',
      'publishNotReadyAddresses',
      'sessionAffinityConfig',
      'ipFamilies',
      'ipFamilyPolicy',
      'allocateLoadBalancerNodePorts',
      'loadBalancerClass',
      'internalTrafficPolicy',
      'trafficDistribution',
    ),
    ports: 'ServicePort[]',
  },
  ServicePort: any('name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'),
  LeaseSpec: any(
    'holderIdentity',
    'leaseDurationSeconds',
    'acquireTime',
    'renewTime',
    'leaseTransitions',
    'strategy',
    'preferredHolder',
  ),
  NamespaceSpec: any('finalizers'),
};

const base = (spec?: string): Shape => ({
  apiVersion: ANY,
  kind: ANY,
  metadata: 'ObjectMeta',
  ...(spec ? { spec, status: ANY } : {}),
});

/** Top-level shapes of the kinds checked; kinds not listed are not checked. */
const KINDS: Record<string, Shape> = {
  Pod: base('PodSpec'),
  Deployment: base('DeploymentSpec'),
  StatefulSet: base('StatefulSetSpec'),
  ReplicaSet: base('ReplicaSetSpec'),
  DaemonSet: base('DaemonSetSpec'),
  Job: base('JobSpec'),
  CronJob: base('CronJobSpec'),
  Service: base('ServiceSpec'),
  Lease: base('LeaseSpec'),
  Namespace: base('NamespaceSpec'),
  ConfigMap: { ...base(), ...any('data', 'binaryData', 'immutable') },
  Secret: { ...base(), ...any('data', 'stringData', 'type', 'immutable') },
  ServiceAccount: {
    ...base(),
    ...any('secrets', 'imagePullSecrets', 'automountServiceAccountToken'),
  },
};

export interface UnknownField {
  /** sigs.k8s.io/json's strict-decoding path: `spec.template.spec.containers[0].foo`. */
  json: string;
  /** structured-merge-diff's path, as server-side apply reports it: `.spec.containers[name="c"].foo`. */
  smd: string;
}

/**
 * The fields of `obj` that its kind's Go type has no json tag for, in document order. With
 * `prune` they are also deleted, as decoding into the Go struct drops them before storage.
 */
export function unknownFields(kind: string, obj: unknown, prune = false): UnknownField[] {
  const shape = KINDS[kind];
  if (!shape || !isPlainObject(obj)) return [];
  const out: UnknownField[] = [];
  walk(obj, shape, '', '', undefined, out, prune);
  return out;
}

function walk(
  v: Record<string, unknown>,
  shape: Shape,
  json: string,
  smd: string,
  parentField: string | undefined,
  out: UnknownField[],
  prune: boolean,
): void {
  for (const [k, child] of Object.entries(v)) {
    const jp = json === '' ? k : `${json}.${k}`;
    const sp = `${smd}.${k}`;
    const t = shape[k];
    // `$patch`, `$setElementOrder/…` and friends are strategic-merge directives, not fields.
    if (t === undefined && !k.startsWith('$')) {
      out.push({ json: jp, smd: sp });
      if (prune) delete v[k];
      continue;
    }
    if (t === undefined) continue;
    if (t === ANY) continue;
    if (t.endsWith('[]')) {
      const itemShape = SHAPES[t.slice(0, -2)];
      if (!itemShape || !Array.isArray(child)) continue;
      const strategy = listStrategy(k, parentField);
      child.forEach((item, i) => {
        if (!isPlainObject(item)) return;
        const key =
          strategy.kind === 'merge'
            ? `[${strategy.key}=${JSON.stringify(item[strategy.key])}]`
            : `[${i}]`;
        walk(item, itemShape, `${jp}[${i}]`, `${sp}${key}`, k, out, prune);
      });
      continue;
    }
    const sub = SHAPES[t];
    if (sub && isPlainObject(child)) walk(child, sub, jp, sp, k, out, prune);
  }
}
