/**
 * Rules a least-privilege agent must never hold. Each is a known escalation path: wildcards grow
 * with every new API; Secrets cluster-wide expose every token; escalate/bind/impersonate and
 * RBAC writes let a holder grant itself anything; exec/attach/proxy and token requests run code
 * or act as another identity.
 */
import type { AgentRbacRules, PolicyRule } from '@curfew/contracts';

const FORBIDDEN_VERBS = new Set(['escalate', 'bind', 'impersonate']);
const FORBIDDEN_RESOURCES = new Set([
  'pods/exec',
  'pods/attach',
  'pods/portforward',
  'nodes/proxy',
  'services/proxy',
  'serviceaccounts/token',
]);
const RBAC_KINDS = new Set(['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings']);
const READ_VERBS = new Set(['get', 'list', 'watch']);

export function leastPrivilegeProblems(rules: AgentRbacRules): string[] {
  return [
    ...rules.clusterRules.flatMap((rule, i) => ruleProblems(rule, `clusterRules[${i}]`, true)),
    ...rules.namespaceRules.flatMap((rule, i) => ruleProblems(rule, `namespaceRules[${i}]`, false)),
    ...rules.gitOpsRules.flatMap((rule, i) => ruleProblems(rule, `gitOpsRules[${i}]`, true)),
  ];
}

function ruleProblems(rule: PolicyRule, where: string, clusterWide: boolean): string[] {
  const problems: string[] = [];
  const wildcard = (field: string, values: string[]) => {
    if (values.some((v) => v === '*' || v.startsWith('*/') || v.endsWith('/*'))) {
      problems.push(`${where}.${field}: uses a wildcard; list exactly what the agent needs`);
    }
  };
  wildcard('apiGroups', rule.apiGroups);
  wildcard('resources', rule.resources);
  wildcard('verbs', rule.verbs);
  for (const verb of rule.verbs) {
    if (FORBIDDEN_VERBS.has(verb)) {
      problems.push(`${where}.verbs: "${verb}" lets the agent gain permissions it was not given`);
    }
  }
  const core = rule.apiGroups.includes('');
  for (const resource of rule.resources) {
    if (core && clusterWide && resource.split('/')[0] === 'secrets') {
      problems.push(`${where}.resources: secrets cluster-wide would expose every token`);
    }
    if (core && FORBIDDEN_RESOURCES.has(resource)) {
      problems.push(`${where}.resources: "${resource}" runs code or acts as another identity`);
    }
    const writes = rule.verbs.some((verb) => !READ_VERBS.has(verb));
    if (
      rule.apiGroups.includes('rbac.authorization.k8s.io') &&
      RBAC_KINDS.has(resource) &&
      writes
    ) {
      problems.push(`${where}.resources: writing ${resource} lets the agent grant itself anything`);
    }
  }
  return problems;
}
