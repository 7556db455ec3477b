/**
 * Field numbers of the Kubernetes protobuf messages that `kubectl create <generator>` and
 * `kubectl run`/`expose` send (from k8s.io/api generated.proto). A field missing here is skipped,
 * not misread. `ptr` marks Go pointer fields whose zero value is meaningful (replicas: 0).
 */
export type FieldType =
  | 'string'
  | 'int'
  | 'bool'
  | 'bytes'
  | 'time'
  | 'quantity'
  | 'intstr'
  | { msg: string }
  | { map: 'string' | 'bytes' | 'quantity' };

export interface FieldDef {
  name: string;
  type: FieldType;
  repeated?: boolean;
  ptr?: boolean;
}

type Msg = Record<number, FieldDef>;

const s = (name: string): FieldDef => ({ name, type: 'string' });
const i = (name: string, ptr = false): FieldDef => ({ name, type: 'int', ptr });
const b = (name: string, ptr = false): FieldDef => ({ name, type: 'bool', ptr });
const m = (name: string, msg: string, repeated = false): FieldDef => ({
  name,
  type: { msg },
  repeated,
});
const strs = (name: string): FieldDef => ({ name, type: 'string', repeated: true });
const map = (name: string, of: 'string' | 'bytes' | 'quantity' = 'string'): FieldDef => ({
  name,
  type: { map: of },
});

export const MESSAGES: Record<string, Msg> = {
  ObjectMeta: {
    1: s('name'),
    2: s('generateName'),
    3: s('namespace'),
    5: s('uid'),
    6: s('resourceVersion'),
    7: i('generation'),
    8: { name: 'creationTimestamp', type: 'time' },
    11: map('labels'),
    12: map('annotations'),
    13: m('ownerReferences', 'OwnerReference', true),
    14: strs('finalizers'),
  },
  OwnerReference: {
    1: s('kind'),
    3: s('name'),
    4: s('uid'),
    5: s('apiVersion'),
    6: b('controller', true),
    7: b('blockOwnerDeletion', true),
  },
  LabelSelector: {
    1: map('matchLabels'),
    2: m('matchExpressions', 'LabelSelectorRequirement', true),
  },
  LabelSelectorRequirement: { 1: s('key'), 2: s('operator'), 3: strs('values') },
  ObjectReference: {
    1: s('kind'),
    2: s('namespace'),
    3: s('name'),
    4: s('uid'),
    5: s('apiVersion'),
    6: s('resourceVersion'),
    7: s('fieldPath'),
  },
  LocalObjectReference: { 1: s('name') },
  Namespace: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'NamespaceSpec') },
  NamespaceSpec: { 1: strs('finalizers') },
  ConfigMap: {
    1: m('metadata', 'ObjectMeta'),
    2: map('data'),
    3: map('binaryData', 'bytes'),
    4: b('immutable', true),
  },
  Secret: {
    1: m('metadata', 'ObjectMeta'),
    2: map('data', 'bytes'),
    3: s('type'),
    4: map('stringData'),
    5: b('immutable', true),
  },
  ServiceAccount: {
    1: m('metadata', 'ObjectMeta'),
    2: m('secrets', 'ObjectReference', true),
    3: m('imagePullSecrets', 'LocalObjectReference', true),
    4: b('automountServiceAccountToken', true),
  },
  Pod: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'PodSpec') },
  PodTemplateSpec: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'PodSpec') },
  PodSpec: {
    2: m('containers', 'Container', true),
    3: s('restartPolicy'),
    4: i('terminationGracePeriodSeconds', true),
    5: i('activeDeadlineSeconds', true),
    6: s('dnsPolicy'),
    7: map('nodeSelector'),
    8: s('serviceAccountName'),
    9: s('serviceAccount'),
    10: s('nodeName'),
    11: b('hostNetwork'),
    14: m('securityContext', 'Empty'),
    15: m('imagePullSecrets', 'LocalObjectReference', true),
    16: s('hostname'),
    17: s('subdomain'),
    19: s('schedulerName'),
    20: m('initContainers', 'Container', true),
    24: s('priorityClassName'),
  },
  Empty: {},
  Container: {
    1: s('name'),
    2: s('image'),
    3: strs('command'),
    4: strs('args'),
    5: s('workingDir'),
    6: m('ports', 'ContainerPort', true),
    7: m('env', 'EnvVar', true),
    8: m('resources', 'ResourceRequirements'),
    9: m('volumeMounts', 'VolumeMount', true),
    13: s('terminationMessagePath'),
    14: s('imagePullPolicy'),
    16: b('stdin'),
    17: b('stdinOnce'),
    18: b('tty'),
    20: s('terminationMessagePolicy'),
  },
  ContainerPort: {
    1: s('name'),
    2: i('hostPort'),
    3: { name: 'containerPort', type: 'int', ptr: true },
    4: s('protocol'),
    5: s('hostIP'),
  },
  EnvVar: { 1: s('name'), 2: s('value') },
  ResourceRequirements: { 1: map('limits', 'quantity'), 2: map('requests', 'quantity') },
  VolumeMount: { 1: s('name'), 2: b('readOnly'), 3: s('mountPath'), 4: s('subPath') },
  Service: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'ServiceSpec') },
  ServiceSpec: {
    1: m('ports', 'ServicePort', true),
    2: map('selector'),
    3: s('clusterIP'),
    4: s('type'),
    5: strs('externalIPs'),
    7: s('sessionAffinity'),
    8: s('loadBalancerIP'),
    10: s('externalName'),
    11: s('externalTrafficPolicy'),
  },
  ServicePort: {
    1: s('name'),
    2: s('protocol'),
    3: { name: 'port', type: 'int', ptr: true },
    4: { name: 'targetPort', type: 'intstr' },
    5: i('nodePort'),
  },
  Deployment: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'DeploymentSpec') },
  DeploymentSpec: {
    1: i('replicas', true),
    2: m('selector', 'LabelSelector'),
    3: m('template', 'PodTemplateSpec'),
    4: m('strategy', 'DeploymentStrategy'),
    5: i('minReadySeconds'),
    6: i('revisionHistoryLimit', true),
    7: b('paused'),
    9: i('progressDeadlineSeconds', true),
  },
  DeploymentStrategy: { 1: s('type'), 2: m('rollingUpdate', 'RollingUpdateDeployment') },
  RollingUpdateDeployment: {
    1: { name: 'maxUnavailable', type: 'intstr' },
    2: { name: 'maxSurge', type: 'intstr' },
  },
  Job: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'JobSpec') },
  JobSpec: {
    1: i('parallelism', true),
    2: i('completions', true),
    3: i('activeDeadlineSeconds', true),
    4: m('selector', 'LabelSelector'),
    5: b('manualSelector', true),
    6: m('template', 'PodTemplateSpec'),
    7: i('backoffLimit', true),
    8: i('ttlSecondsAfterFinished', true),
    9: s('completionMode'),
    10: b('suspend', true),
  },
  CronJob: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'CronJobSpec') },
  CronJobSpec: {
    1: s('schedule'),
    2: i('startingDeadlineSeconds', true),
    3: s('concurrencyPolicy'),
    4: b('suspend', true),
    5: m('jobTemplate', 'JobTemplateSpec'),
    6: i('successfulJobsHistoryLimit', true),
    7: i('failedJobsHistoryLimit', true),
    8: s('timeZone'),
  },
  JobTemplateSpec: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'JobSpec') },
  SelfSubjectAccessReview: {
    1: m('metadata', 'ObjectMeta'),
    2: m('spec', 'SelfSubjectAccessReviewSpec'),
  },
  SelfSubjectAccessReviewSpec: {
    1: m('resourceAttributes', 'ResourceAttributes'),
    2: m('nonResourceAttributes', 'NonResourceAttributes'),
  },
  ResourceAttributes: {
    1: s('namespace'),
    2: s('verb'),
    3: s('group'),
    4: s('version'),
    5: s('resource'),
    6: s('subresource'),
    7: s('name'),
  },
  NonResourceAttributes: { 1: s('path'), 2: s('verb') },
  SelfSubjectRulesReview: {
    1: m('metadata', 'ObjectMeta'),
    2: m('spec', 'SelfSubjectRulesReviewSpec'),
  },
  SelfSubjectRulesReviewSpec: { 1: s('namespace') },
  SelfSubjectReview: { 1: m('metadata', 'ObjectMeta') },
};
