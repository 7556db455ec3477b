/**
 * The agent's Kubernetes permissions: the ONE source for the agent chart's ClusterRole and Role
 * and for the check that every API call the agent makes is allowed (helm/test: the real client
 * against kube-sim, every request matched like Kubernetes RBAC).
 *
 * `bin/generate` writes `helm/curfew-agent/files/rbac-rules.yaml` from this (`templates/rbac.yaml`
 * renders its two lists verbatim) and `bin/generate --check` fails CI when that copy is stale.
 *
 * Least privilege: only the verbs the agent uses, no wildcards, no Secrets, no RBAC or
 * impersonation verbs (helm/test checks that too). RBAC cannot limit which fields a `patch`
 * touches, and `patch` on workloads, Pods and Namespaces cluster-wide is enough to run anything
 * anywhere; the chart's ValidatingAdmissionPolicy (admission-policy.ts) limits what this identity
 * may change to what Curfew changes (helm/test/agent-admission-policy.test.ts proves both sides).
 */
import { deepFreeze } from './freeze.js';

/** A Kubernetes RBAC PolicyRule for resources (no nonResourceURLs: the agent needs none). */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

export interface AgentRbacRules {
  /** ClusterRole: granted in every namespace and on cluster-scoped resources. */
  clusterRules: PolicyRule[];
  /** Role: granted only in the agent's own namespace (Lease, support pods). */
  namespaceRules: PolicyRule[];
  /**
   * Added to the ClusterRole only when the chart's `gitops.enabled` is true: pausing the Argo CD
   * and Flux reconcilers that would undo a suspend (off by default: they are someone else's).
   */
  gitOpsRules: PolicyRule[];
}

export const AGENT_RBAC_RULES: AgentRbacRules = deepFreeze({
  // Granted cluster-wide (ClusterRole + ClusterRoleBinding).
  clusterRules: [
    // Informers (list + watch, never periodic LISTs); get for a fresh read before a write;
    // patch writes curfew.dev/* annotations; delete is the Slack/API "Delete namespace" action.
    {
      apiGroups: [''],
      resources: ['namespaces'],
      verbs: ['get', 'list', 'watch', 'patch', 'delete'],
    },
    // Suspend/resume: one merge patch sets spec.replicas and curfew.dev/previous-replicas
    // together (atomic, so a crash never leaves a scaled-down workload without its recorded
    // count); the admission policy lets this identity change nothing else of a workload.
    {
      apiGroups: ['apps'],
      resources: ['deployments', 'statefulsets'],
      verbs: ['get', 'list', 'watch', 'patch'],
    },
    // Suspend/resume: spec.suspend and the recorded previous value, in one merge patch.
    { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'list', 'watch', 'patch'] },
    // Running pods and their requests (reminders, cost); delete removes expired bare Pods and
    // stops support pods; get re-reads one (a support pod already there, a conflict on extend);
    // patch writes only curfew.dev/* annotations: EXTEND of a bare Pod's time bomb. A Pod's image
    // IS mutable, so patch alone could change what a Pod runs: the admission policy refuses any
    // change of a Pod's spec by this identity, and any delete of a Pod without a time bomb.
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'patch', 'delete'] },
    // A Kubernetes Event on the namespace for every action.
    { apiGroups: [''], resources: ['events'], verbs: ['create'] },
    // KEDA ScaledObjects are paused with the namespace (autoscaling.keda.sh/paused annotation).
    { apiGroups: ['keda.sh'], resources: ['scaledobjects'], verbs: ['get', 'list', 'patch'] },
  ],
  // Granted only in the agent's own namespace (Role + RoleBinding).
  namespaceRules: [
    // Leader election: only the Lease holder acts.
    {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      verbs: ['get', 'create', 'update'],
    },
    // Support pods (`/devenv support start`) run in the agent's namespace and nowhere else;
    // get and delete (support stop, their expiry) are granted cluster-wide above.
    { apiGroups: [''], resources: ['pods'], verbs: ['create'] },
  ],
  // Cluster-wide, only with gitops.enabled: list finds the reconcilers (Applications live in
  // Argo CD's namespace, Kustomizations and HelmReleases anywhere), get re-reads one after a
  // conflict, patch pauses it (Flux spec.suspend, Argo CD spec.syncPolicy.automated) and restores
  // it, with the curfew.dev/* record in the same patch. No watch: they are read when acting.
  gitOpsRules: [
    { apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['get', 'list', 'patch'] },
    {
      apiGroups: ['kustomize.toolkit.fluxcd.io'],
      resources: ['kustomizations'],
      verbs: ['get', 'list', 'patch'],
    },
    {
      apiGroups: ['helm.toolkit.fluxcd.io'],
      resources: ['helmreleases'],
      verbs: ['get', 'list', 'patch'],
    },
  ],
});
