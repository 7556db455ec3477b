/**
 * The resource table: every type the simulator serves, one row each. Storage, routing,
 * discovery and OpenAPI are all driven from here, so adding a type is one line.
 */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served besides the object itself. */
  subresources: Array<'status' | 'scale'>;
  /** Whether metadata.generation is maintained (it is for types with a spec controllers observe). */
  generation: boolean;
  /** DELETE answers with the deleted object rather than a Success Status (pods, services, namespaces). */
  deleteReturnsObject?: boolean;
  /** Create-only review types (access reviews): answered, never stored. */
  review?: boolean;
  /** Whether DELETE on the collection is served; the namespace registry has no DeleteCollection. */
  noDeleteCollection?: boolean;
  /** A custom resource (a CRD's): unstructured, so no strategic merge and list items keep `kind`. */
  custom?: boolean;
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function r(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    subresources: [],
    generation: false,
    ...extra,
  };
}

export const RESOURCES: readonly ResourceType[] = [
  r('', 'v1', 'Namespace', 'namespaces', false, {
    shortNames: ['ns'],
    subresources: ['status'],
    deleteReturnsObject: true,
    noDeleteCollection: true,
  }),
  r('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: ['status'] }),
  r('', 'v1', 'Pod', 'pods', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status'],
    deleteReturnsObject: true,
  }),
  r('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  r('', 'v1', 'Secret', 'secrets', true),
  r('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  r('', 'v1', 'Service', 'services', true, {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
    deleteReturnsObject: true,
  }),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  r('apps', 'v1', 'Deployment', 'deployments', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    generation: true,
  }),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', true, {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    generation: true,
  }),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    generation: true,
  }),
  r('batch', 'v1', 'Job', 'jobs', true, {
    categories: ['all'],
    subresources: ['status'],
    generation: true,
  }),
  r('batch', 'v1', 'CronJob', 'cronjobs', true, {
    shortNames: ['cj'],
    categories: ['all'],
    subresources: ['status'],
    generation: true,
  }),
  r('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, {
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
    generation: true,
  }),
  r('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  r(
    'admissionregistration.k8s.io',
    'v1',
    'MutatingWebhookConfiguration',
    'mutatingwebhookconfigurations',
    false,
    { generation: true },
  ),
  r(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    false,
    { generation: true },
  ),
  // Enforced with CEL by the admission chain (admission/policies.ts).
  r(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicy',
    'validatingadmissionpolicies',
    false,
    { generation: true, subresources: ['status'] },
  ),
  r(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicyBinding',
    'validatingadmissionpolicybindings',
    false,
    { generation: true },
  ),
  // Stored only (no controllers act on them), so charts and manifests apply as on a cluster.
  r('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, {
    shortNames: ['pvc'],
    subresources: ['status'],
  }),
  r('', 'v1', 'PersistentVolume', 'persistentvolumes', false, {
    shortNames: ['pv'],
    subresources: ['status'],
  }),
  r('', 'v1', 'ResourceQuota', 'resourcequotas', true, {
    shortNames: ['quota'],
    subresources: ['status'],
  }),
  r('', 'v1', 'LimitRange', 'limitranges', true, { shortNames: ['limits'] }),
  r('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'] }),
  // In the `all` category, so `kubectl get all` asks for them as it does on a cluster.
  r('', 'v1', 'ReplicationController', 'replicationcontrollers', true, {
    shortNames: ['rc'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    generation: true,
  }),
  r('', 'v1', 'PodTemplate', 'podtemplates', true),
  r('apps', 'v1', 'DaemonSet', 'daemonsets', true, {
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
    generation: true,
  }),
  r('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  r('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, {
    shortNames: ['pdb'],
    subresources: ['status'],
    generation: true,
  }),
  r('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, {
    shortNames: ['ing'],
    subresources: ['status'],
    generation: true,
  }),
  r('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, {
    shortNames: ['netpol'],
    generation: true,
  }),
  r('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  r('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  r('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  r('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, { shortNames: ['sc'] }),
  r('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, { shortNames: ['pc'] }),
  r('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
    shortNames: ['crd', 'crds'],
    subresources: ['status'],
    generation: true,
  }),
  // `kubectl auth can-i` / `auth whoami`: no RBAC here, so every review allows everything.
  r('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, {
    review: true,
  }),
  r('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, {
    review: true,
  }),
  r('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, {
    review: true,
  }),
  // KEDA's CRD, served as if installed: status subresource, generation like every CR.
  r('keda.sh', 'v1alpha1', 'ScaledObject', 'scaledobjects', true, {
    shortNames: ['so'],
    subresources: ['status'],
    generation: true,
    custom: true,
  }),
];

export const RESOURCE_VERBS = VERBS;

export function groupVersion(rt: Pick<ResourceType, 'group' | 'version'>): string {
  return rt.group === '' ? rt.version : `${rt.group}/${rt.version}`;
}

/** `pods`, `deployments.apps`: how the real server names a resource in messages. */
export function qualifiedName(rt: ResourceType): string {
  return rt.group === '' ? rt.plural : `${rt.plural}.${rt.group}`;
}

/** `types`: what this simulator serves (the table plus its CRDs' types: custom-resources.ts). */
export function findResource(
  group: string,
  version: string,
  plural: string,
  types: readonly ResourceType[] = RESOURCES,
): ResourceType | undefined {
  return types.find((x) => x.group === group && x.version === version && x.plural === plural);
}

export function findByKind(
  apiVersion: string,
  kind: string,
  types: readonly ResourceType[] = RESOURCES,
): ResourceType | undefined {
  return types.find((x) => groupVersion(x) === apiVersion && x.kind === kind);
}

export function mustResource(group: string, plural: string): ResourceType {
  const rt = RESOURCES.find((x) => x.group === group && x.plural === plural);
  if (!rt) throw new Error(`kube-sim: resource ${plural}.${group} is not in the resource table`);
  return rt;
}
