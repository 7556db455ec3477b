/**
 * @curfew/helm — the charts' checks, used by helm/test and bin/generate (nothing at runtime: the
 * data the agent and hub need is in @curfew/contracts).
 */
export type { AgentRbacRules, AgentWebhooks, PolicyRule, WebhookSpec } from '@curfew/contracts';
export {
  AGENT_CHART_DIR,
  agentRbacRulesSchema,
  agentWebhooksSchema,
  type ChartFile,
  HUB_CHART_DIR,
  loadAgentRbacRules,
  loadAgentWebhooks,
  RBAC_RULES_FILE,
  renderChartFiles,
  WEBHOOKS_FILE,
} from './chart-files.js';
export { generatedFiles, staleChartFiles } from './generate-chart-files.js';
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
export {
  renderSlackManifestFile,
  SLACK_MANIFEST_FILE,
  SLACK_MANIFEST_PLACEHOLDER_URL,
} from './slack-manifest-file.js';
