/**
 * @curfew/contracts — what the agent, its chart and the hub must agree on, as data and pure
 * functions in one shipped place (the gRPC contract is @curfew/proto). The chart's copies of the
 * data are generated from here by `bin/generate`; see README.md.
 */
export {
  AGENT_ADMISSION_POLICY,
  AGENT_NAMESPACE_PLACEHOLDER,
  AGENT_USER_PLACEHOLDER,
  type AgentAdmissionPolicy,
  agentAdmissionPolicyFor,
  type ResourceRule,
} from './admission-policy.js';
export {
  AGENT_AWS_ACTIONS,
  agentIamPolicy,
  type IamPolicy,
  type IamPolicyInput,
} from './iam-policy.js';
export {
  type HelmInstallInput,
  HelmInstallInputError,
  type HelmInstallTarget,
  helmInstallArgs,
  helmInstallCommand,
  installTargetProblem,
  shellQuote,
} from './install-command.js';
export { AGENT_RBAC_RULES, type AgentRbacRules, type PolicyRule } from './rbac-rules.js';
export {
  AGENT_WEBHOOKS,
  type AgentWebhooks,
  type LabelRequirement,
  type WebhookRule,
  type WebhookSpec,
} from './webhooks.js';
