/**
 * Does a set of RBAC rules allow every API call the agent makes, and does it grant anything
 * the agent never uses? Matching follows Kubernetes' RBAC authorizer (rbac/v1 helpers):
 * wildcards, `resource/subresource`, any-resource subresource rules and resourceNames.
 */
import type { AgentRbacRules, PolicyRule } from '@curfew/contracts';
import {
  describeAttributes,
  type KubeRequest,
  type RequestAttributes,
  type ResourceAttributes,
  requestAttributes,
} from './kube-request.js';

/** Rules and where they apply: a ClusterRole's everywhere, a Role's in one namespace. */
export interface Grants {
  cluster: readonly PolicyRule[];
  namespaced: readonly { namespace: string; rules: readonly PolicyRule[] }[];
}

export interface UncoveredRequest {
  request: KubeRequest;
  attributes: RequestAttributes;
  /** E.g. `patch apps/deployments/scale web in namespace dev`. */
  description: string;
}

/** One (apiGroup, resource, verb) a rule grants, e.g. for "granted but never used". */
export interface Permission {
  apiGroup: string;
  resource: string;
  verb: string;
  /** Empty for cluster-wide grants. */
  namespace: string;
}

export interface CoverageReport {
  ok: boolean;
  uncovered: UncoveredRequest[];
  /** Granted permissions no request used: candidates for removal ("exactly the verbs used"). */
  unused: Permission[];
}

/**
 * The agent's rules file as grants: clusterRules everywhere, namespaceRules in its namespace, and
 * gitOpsRules everywhere when the chart's gitops.enabled is true.
 */
export function agentGrants(
  rules: AgentRbacRules,
  agentNamespace: string,
  options: { gitOps?: boolean } = {},
): Grants {
  return {
    cluster: options.gitOps ? [...rules.clusterRules, ...rules.gitOpsRules] : rules.clusterRules,
    namespaced: [{ namespace: agentNamespace, rules: rules.namespaceRules }],
  };
}

export function checkRequestsCovered(
  requests: readonly KubeRequest[],
  rules: Grants | readonly PolicyRule[],
): CoverageReport {
  const grants: Grants = isRuleList(rules) ? { cluster: rules, namespaced: [] } : rules;
  const used = new Set<string>();
  const uncovered: UncoveredRequest[] = [];
  for (const request of requests) {
    const attributes = requestAttributes(request);
    const matches = matchingPermissions(grants, attributes);
    if (matches.length === 0) {
      uncovered.push({ request, attributes, description: describeAttributes(attributes) });
    }
    for (const permission of matches) used.add(permissionKey(permission));
  }
  const unused = allPermissions(grants)
    .filter((p) => !used.has(permissionKey(p)))
    .map(({ apiGroup, resource, verb, namespace }) => ({ apiGroup, resource, verb, namespace }));
  return { ok: uncovered.length === 0, uncovered, unused };
}

export function ruleAllows(rule: PolicyRule, attributes: ResourceAttributes): boolean {
  const combined = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  return (
    (rule.verbs.includes('*') || rule.verbs.includes(attributes.verb)) &&
    (rule.apiGroups.includes('*') || rule.apiGroups.includes(attributes.apiGroup)) &&
    rule.resources.some(
      (resource) =>
        resource === '*' ||
        resource === combined ||
        (attributes.subresource !== '' && resource === `*/${attributes.subresource}`),
    ) &&
    // A rule with resourceNames never matches a request without a name (create, list, watch).
    (!rule.resourceNames?.length || rule.resourceNames.includes(attributes.name))
  );
}

/** Every permission the grants hold, one per (scope, apiGroup, resource, verb). */
function allPermissions(grants: Grants): ScopedPermission[] {
  const scopes = [{ namespace: '', rules: grants.cluster }, ...grants.namespaced];
  const all: ScopedPermission[] = [];
  for (const { namespace, rules } of scopes) {
    for (const rule of rules) {
      for (const apiGroup of rule.apiGroups) {
        for (const resource of rule.resources) {
          for (const verb of rule.verbs) {
            all.push({ apiGroup, resource, verb, namespace, resourceNames: rule.resourceNames });
          }
        }
      }
    }
  }
  return all;
}

interface ScopedPermission extends Permission {
  resourceNames: string[] | undefined;
}

/** The permissions that allow the request; a Role's only inside its own namespace. */
function matchingPermissions(grants: Grants, attributes: RequestAttributes): ScopedPermission[] {
  // The agent's rules grant no non-resource URLs, so discovery calls are never covered.
  if (attributes.kind === 'nonResource') return [];
  return allPermissions(grants).filter(
    (p) =>
      (p.namespace === '' || p.namespace === attributes.namespace) &&
      ruleAllows(
        {
          apiGroups: [p.apiGroup],
          resources: [p.resource],
          verbs: [p.verb],
          resourceNames: p.resourceNames,
        },
        attributes,
      ),
  );
}

function permissionKey(p: Permission): string {
  return `${p.namespace}|${p.apiGroup}|${p.resource}|${p.verb}`;
}

function isRuleList(rules: Grants | readonly PolicyRule[]): rules is readonly PolicyRule[] {
  return Array.isArray(rules);
}
