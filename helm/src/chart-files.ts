/**
 * The agent chart's machine-readable files, shared by the chart (rendered with `.Files.Get`)
 * and the code (the agent's webhook server and the tests that check RBAC covers every API
 * call). One source: change the file, and both the chart and the checks follow.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** helm/curfew-agent, resolved from this file so it works from src/ and from a compiled dist/. */
export const AGENT_CHART_DIR = fileURLToPath(new URL('../curfew-agent/', import.meta.url));
export const HUB_CHART_DIR = fileURLToPath(new URL('../curfew-hub/', import.meta.url));
export const RBAC_RULES_FILE = `${AGENT_CHART_DIR}files/rbac-rules.yaml`;
export const WEBHOOKS_FILE = `${AGENT_CHART_DIR}files/webhooks.yaml`;

const nonEmptyStrings = z.array(z.string()).min(1);

export const policyRuleSchema = z
  .object({
    apiGroups: nonEmptyStrings,
    resources: nonEmptyStrings,
    verbs: nonEmptyStrings,
    resourceNames: z.array(z.string()).optional(),
  })
  .strict();
/** A Kubernetes RBAC PolicyRule for resources (no nonResourceURLs: the agent needs none). */
export type PolicyRule = z.infer<typeof policyRuleSchema>;

export const agentRbacRulesSchema = z
  .object({
    /** ClusterRole: granted in every namespace and on cluster-scoped resources. */
    clusterRules: z.array(policyRuleSchema).min(1),
    /** Role: granted only in the agent's own namespace (Lease, support pods). */
    namespaceRules: z.array(policyRuleSchema),
  })
  .strict();
export type AgentRbacRules = z.infer<typeof agentRbacRulesSchema>;

const labelRequirementSchema = z
  .object({
    key: z.string().min(1),
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
    values: z.array(z.string()),
  })
  .strict();

const webhookRuleSchema = z
  .object({
    operations: z.array(z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT', '*'])).min(1),
    apiGroups: nonEmptyStrings,
    apiVersions: nonEmptyStrings,
    resources: nonEmptyStrings,
    scope: z.enum(['Cluster', 'Namespaced', '*']).optional(),
  })
  .strict();

const webhookSchema = z
  .object({
    /** Fully qualified (at least three dot-separated segments), as the API server requires. */
    name: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/, 'must be like name.group.domain'),
    /** HTTPS path the agent serves this webhook on. */
    path: z.string().startsWith('/'),
    rules: z.array(webhookRuleSchema).min(1),
    failurePolicy: z.enum(['Ignore', 'Fail']),
    timeoutSeconds: z.number().int().min(1).max(30),
    sideEffects: z.enum(['None', 'NoneOnDryRun']),
    admissionReviewVersions: nonEmptyStrings,
    matchPolicy: z.enum(['Exact', 'Equivalent']).optional(),
    reinvocationPolicy: z.enum(['Never', 'IfNeeded']).optional(),
  })
  .strict();
export type WebhookSpec = z.infer<typeof webhookSchema>;

export const agentWebhooksSchema = z
  .object({
    namespaceSelector: z
      .object({
        modes: z.object({ 'opt-in': labelRequirementSchema, 'opt-out': labelRequirementSchema }),
        nameLabel: z.string().min(1),
        alwaysExcluded: z.array(z.string().min(1)),
      })
      .strict(),
    mutating: webhookSchema,
    validating: webhookSchema.refine((hook) => hook.reinvocationPolicy === undefined, {
      message: 'reinvocationPolicy exists only on mutating webhooks',
    }),
  })
  .strict();
export type AgentWebhooks = z.infer<typeof agentWebhooksSchema>;

/** Reads and checks a YAML file against a schema; errors name the file and the bad field. */
export function loadYamlFile<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
  );
  throw new Error(`${file} is not valid; fix:\n  ${problems.join('\n  ')}`);
}

export function loadAgentRbacRules(file = RBAC_RULES_FILE): AgentRbacRules {
  return loadYamlFile(file, agentRbacRulesSchema);
}

export function loadAgentWebhooks(file = WEBHOOKS_FILE): AgentWebhooks {
  return loadYamlFile(file, agentWebhooksSchema);
}
