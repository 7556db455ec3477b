export {
  AGENT_CHART_DIR,
  type AgentRbacRules,
  type AgentWebhooks,
  agentRbacRulesSchema,
  agentWebhooksSchema,
  HUB_CHART_DIR,
  loadAgentRbacRules,
  loadAgentWebhooks,
  type PolicyRule,
  RBAC_RULES_FILE,
  WEBHOOKS_FILE,
  type WebhookSpec,
} from './chart-files.js';
export {
  type HelmInstallInput,
  HelmInstallInputError,
  helmInstallArgs,
  helmInstallCommand,
} from './install-command.js';
export {
  describeAttributes,
  type KubeRequest,
  type RequestAttributes,
  type ResourceAttributes,
  requestAttributes,
} from './kube-request.js';
export { leastPrivilegeProblems } from './least-privilege.js';
export {
  agentGrants,
  type CoverageReport,
  checkRequestsCovered,
  type Grants,
  type Permission,
  ruleAllows,
  type UncoveredRequest,
} from './rbac-coverage.js';
