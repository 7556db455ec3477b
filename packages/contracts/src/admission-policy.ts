/**
 * What the agent's own identity may change, beyond what RBAC can say. RBAC grants `patch` on
 * Deployments, Pods and Namespaces cluster-wide — enough, for whoever takes over the agent's pod,
 * to rewrite any pod template (image, command, serviceAccountName) or a running Pod's image, or
 * relabel kube-system's Pod Security. RBAC cannot restrict fields; a ValidatingAdmissionPolicy can.
 * This one, bound to the agent's service account only (matchConditions on request.userInfo), lets
 * it change exactly what Curfew changes:
 *  - workloads: `spec.replicas` (suspend/resume) and `curfew.dev/*` annotations, on the object and
 *    its pod template (time bombs) — never the rest of the template, its labels or the selector;
 *  - CronJobs: `spec.suspend` and `curfew.dev/*` annotations;
 *  - Pods: `curfew.dev/*` annotations (extending a bare Pod's time bomb), never the spec; delete
 *    only Pods carrying a `curfew.dev/*` annotation (expired time bombs) or in its own namespace
 *    (support pods); create only in its own namespace, and only as Pod Security "restricted" asks
 *    (non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, no host
 *    namespaces or hostPath, no service account token);
 *  - Namespaces: `curfew.dev/*` annotations (never labels: Pod Security lives there); delete only
 *    those labelled `curfew.dev/managed=true`, never `kube-*`, `default` or its own;
 *  - KEDA ScaledObjects: its pause annotations and `curfew.dev/*`;
 *  - GitOps reconcilers (chart `gitops.enabled`): a Flux Kustomization's or HelmRelease's
 *    `spec.suspend`, an Argo CD Application's `spec.syncPolicy.automated`, and `curfew.dev/*` —
 *    never what they deploy, from where, or as whom.
 * Everything else the agent's identity tries is refused with the policy's message.
 *
 * `bin/generate` writes `helm/curfew-agent/files/admission-policy.yaml` from this, and
 * `templates/admission-policy.yaml` renders it with the two placeholders replaced: the agent's
 * service account user and namespace.
 */
import { deepFreeze } from './freeze.js';

/** Replaced by the chart: `system:serviceaccount:<namespace>:<service account>`. */
export const AGENT_USER_PLACEHOLDER = '__CURFEW_AGENT_USER__';
/** Replaced by the chart: the agent's namespace (the release namespace). */
export const AGENT_NAMESPACE_PLACEHOLDER = '__CURFEW_AGENT_NAMESPACE__';

export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: ('CREATE' | 'UPDATE' | 'DELETE')[];
}

export interface AgentAdmissionPolicy {
  failurePolicy: 'Fail';
  matchConstraints: { resourceRules: ResourceRule[] };
  matchConditions: { name: string; expression: string }[];
  variables: { name: string; expression: string }[];
  validations: { expression: string; message: string; reason?: 'Forbidden' | 'Invalid' }[];
}

/** `m` of the object, or an empty map when it has none (CEL `has()` guards absent fields). */
const mapOf = (o: 'object' | 'oldObject', path: string) => `has(${o}.${path}) ? ${o}.${path} : {}`;
const listOf = (o: 'object' | 'oldObject', path: string) => `has(${o}.${path}) ? ${o}.${path} : []`;

/** The annotations Curfew may add, change or remove; `what` is 'object' or 'template'. */
const mayChange = (k: string) =>
  `${k}.startsWith('curfew.dev/') || (request.resource.resource == 'scaledobjects' && ${k}.startsWith('autoscaling.keda.sh/paused'))`;
/** Only keys Curfew may change differ between two annotation maps. */
const onlyCurfewKeys = (next: string, prev: string) =>
  `${next}.all(k, ${mayChange('k')} || (k in ${prev} && ${prev}[k] == ${next}[k])) && ${prev}.all(k, ${mayChange('k')} || k in ${next})`;

const WORKLOADS = "request.resource.resource in ['deployments', 'statefulsets']";
const UPDATE = "request.operation == 'UPDATE'";
const restrictedContainer = (c: string) =>
  `has(${c}.securityContext) && has(${c}.securityContext.allowPrivilegeEscalation) && ${c}.securityContext.allowPrivilegeEscalation == false` +
  ` && !(has(${c}.securityContext.privileged) && ${c}.securityContext.privileged)` +
  ` && has(${c}.securityContext.capabilities) && has(${c}.securityContext.capabilities.drop) && 'ALL' in ${c}.securityContext.capabilities.drop` +
  ` && !has(${c}.securityContext.capabilities.add)`;

/** The reconcilers the GitOps-aware suspend pauses (their CRDs' groups). */
const GITOPS_RULES: ResourceRule[] = [
  {
    apiGroups: ['argoproj.io'],
    apiVersions: ['*'],
    resources: ['applications'],
    operations: ['UPDATE'],
  },
  {
    apiGroups: ['kustomize.toolkit.fluxcd.io'],
    apiVersions: ['*'],
    resources: ['kustomizations'],
    operations: ['UPDATE'],
  },
  {
    apiGroups: ['helm.toolkit.fluxcd.io'],
    apiVersions: ['*'],
    resources: ['helmreleases'],
    operations: ['UPDATE'],
  },
];

/** `spec.<field>` is the same before and after (both absent counts as the same). */
const sameSpecField = (field: string) =>
  `(has(object.spec.${field}) == has(oldObject.spec.${field}) && (!has(object.spec.${field}) || object.spec.${field} == oldObject.spec.${field}))`;
/** What a Flux object deploys, from where and as whom; Curfew changes only `suspend`. */
const FLUX_FIELDS = [
  'sourceRef',
  'chart',
  'chartRef',
  'path',
  'values',
  'valuesFrom',
  'patches',
  'images',
  'postBuild',
  'postRenderers',
  'targetNamespace',
  'serviceAccountName',
  'kubeConfig',
  'prune',
];
/** What an Argo CD Application deploys and where; Curfew changes only `syncPolicy.automated`. */
const ARGO_FIELDS = ['source', 'sources', 'destination', 'project'];
const ARGO_SYNC_FIELDS = ['syncOptions', 'retry', 'managedNamespaceMetadata'];

export const AGENT_ADMISSION_POLICY: AgentAdmissionPolicy = deepFreeze({
  failurePolicy: 'Fail',
  matchConstraints: {
    resourceRules: [
      {
        apiGroups: ['apps'],
        apiVersions: ['*'],
        resources: ['deployments', 'statefulsets'],
        operations: ['UPDATE'],
      },
      { apiGroups: ['batch'], apiVersions: ['*'], resources: ['cronjobs'], operations: ['UPDATE'] },
      {
        apiGroups: [''],
        apiVersions: ['*'],
        resources: ['pods'],
        operations: ['CREATE', 'UPDATE', 'DELETE'],
      },
      {
        apiGroups: [''],
        apiVersions: ['*'],
        resources: ['namespaces'],
        operations: ['UPDATE', 'DELETE'],
      },
      {
        apiGroups: ['keda.sh'],
        apiVersions: ['*'],
        resources: ['scaledobjects'],
        operations: ['UPDATE'],
      },
      ...GITOPS_RULES,
    ],
  },
  matchConditions: [
    {
      name: 'curfew-agent-only',
      expression: `request.userInfo.username == '${AGENT_USER_PLACEHOLDER}'`,
    },
  ],
  variables: [
    { name: 'newAnnotations', expression: mapOf('object', 'metadata.annotations') },
    { name: 'oldAnnotations', expression: mapOf('oldObject', 'metadata.annotations') },
    { name: 'newLabels', expression: mapOf('object', 'metadata.labels') },
    { name: 'oldLabels', expression: mapOf('oldObject', 'metadata.labels') },
    {
      name: 'newTemplateAnnotations',
      expression: `has(object.spec.template.metadata) && has(object.spec.template.metadata.annotations) ? object.spec.template.metadata.annotations : {}`,
    },
    {
      name: 'oldTemplateAnnotations',
      expression: `has(oldObject.spec.template.metadata) && has(oldObject.spec.template.metadata.annotations) ? oldObject.spec.template.metadata.annotations : {}`,
    },
  ],
  validations: [
    {
      expression: `!(${UPDATE}) || (variables.newLabels == variables.oldLabels && (${listOf('object', 'metadata.finalizers')}) == (${listOf('oldObject', 'metadata.finalizers')}) && (${listOf('object', 'metadata.ownerReferences')}) == (${listOf('oldObject', 'metadata.ownerReferences')}))`,
      message:
        "Curfew's agent may not change an object's labels, finalizers or owners (Pod Security and selectors live there)",
    },
    {
      expression: `!(${UPDATE}) || (${onlyCurfewKeys('variables.newAnnotations', 'variables.oldAnnotations')})`,
      message:
        "Curfew's agent may change only curfew.dev/* annotations (and KEDA's pause annotations)",
    },
    {
      expression: `!(${UPDATE} && ${WORKLOADS}) || (object.spec.template.spec == oldObject.spec.template.spec && (${mapOf('object', 'spec.template.metadata.labels')}) == (${mapOf('oldObject', 'spec.template.metadata.labels')}) && object.spec.selector == oldObject.spec.selector && (${onlyCurfewKeys('variables.newTemplateAnnotations', 'variables.oldTemplateAnnotations')}))`,
      message:
        "Curfew's agent may change only a workload's replicas and curfew.dev/* annotations, never what it runs (its pod template)",
    },
    {
      expression: `!(${UPDATE} && request.resource.resource == 'cronjobs') || (object.spec.jobTemplate == oldObject.spec.jobTemplate && object.spec.schedule == oldObject.spec.schedule)`,
      message: "Curfew's agent may change only a CronJob's suspend and curfew.dev/* annotations",
    },
    {
      expression: `!(${UPDATE} && request.resource.resource in ['pods', 'namespaces', 'scaledobjects']) || ((${mapOf('object', 'spec')}) == (${mapOf('oldObject', 'spec')}))`,
      message: "Curfew's agent may not change the spec of a Pod, Namespace or ScaledObject",
    },
    {
      expression: `!(${UPDATE} && request.resource.resource in ['kustomizations', 'helmreleases']) || (${FLUX_FIELDS.map(sameSpecField).join(' && ')})`,
      message:
        "Curfew's agent may change only a Flux object's suspend and curfew.dev/* annotations",
    },
    {
      expression: `!(${UPDATE} && request.resource.resource == 'applications') || (${ARGO_FIELDS.map(sameSpecField).join(' && ')} && has(object.spec.syncPolicy) == has(oldObject.spec.syncPolicy) && (!has(object.spec.syncPolicy) || (${ARGO_SYNC_FIELDS.map((f) => sameSpecField(`syncPolicy.${f}`)).join(' && ')})))`,
      message:
        "Curfew's agent may change only an Argo CD Application's syncPolicy.automated and curfew.dev/* annotations",
    },
    {
      expression: `!(request.operation == 'DELETE' && request.resource.resource == 'namespaces') || ('curfew.dev/managed' in variables.oldLabels && variables.oldLabels['curfew.dev/managed'] == 'true' && !request.name.startsWith('kube-') && request.name != 'default' && request.name != '${AGENT_NAMESPACE_PLACEHOLDER}')`,
      message:
        "Curfew's agent may delete only namespaces labelled curfew.dev/managed=true, never kube-*, default or its own",
      reason: 'Forbidden',
    },
    {
      expression: `!(request.operation == 'DELETE' && request.resource.resource == 'pods') || request.namespace == '${AGENT_NAMESPACE_PLACEHOLDER}' || variables.oldAnnotations.exists(k, k.startsWith('curfew.dev/'))`,
      message:
        "Curfew's agent may delete only Pods with a Curfew time bomb (curfew.dev/* annotations) or its own support pods",
      reason: 'Forbidden',
    },
    {
      expression: `!(request.operation == 'CREATE' && request.resource.resource == 'pods') || (request.namespace == '${AGENT_NAMESPACE_PLACEHOLDER}' && has(object.spec.automountServiceAccountToken) && object.spec.automountServiceAccountToken == false && has(object.spec.securityContext) && has(object.spec.securityContext.runAsNonRoot) && object.spec.securityContext.runAsNonRoot && has(object.spec.securityContext.seccompProfile) && object.spec.securityContext.seccompProfile.type == 'RuntimeDefault' && !(has(object.spec.hostNetwork) && object.spec.hostNetwork) && !(has(object.spec.hostPID) && object.spec.hostPID) && !(has(object.spec.hostIPC) && object.spec.hostIPC) && (${listOf('object', 'spec.volumes')}).all(v, !has(v.hostPath)) && object.spec.containers.all(c, ${restrictedContainer('c')}) && (${listOf('object', 'spec.initContainers')}).all(c, ${restrictedContainer('c')}))`,
      message:
        "Curfew's agent may create Pods only in its own namespace and only as Pod Security 'restricted' allows, without a service account token",
      reason: 'Forbidden',
    },
  ],
});

/** The policy with the chart's placeholders filled in (what the chart renders). */
export function agentAdmissionPolicyFor(input: {
  serviceAccount: string;
  namespace: string;
}): AgentAdmissionPolicy {
  const user = `system:serviceaccount:${input.namespace}:${input.serviceAccount}`;
  const text = JSON.stringify(AGENT_ADMISSION_POLICY)
    .replaceAll(AGENT_USER_PLACEHOLDER, user)
    .replaceAll(AGENT_NAMESPACE_PLACEHOLDER, input.namespace);
  return JSON.parse(text) as AgentAdmissionPolicy;
}
