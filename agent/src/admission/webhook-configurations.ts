/**
 * The Mutating- and ValidatingWebhookConfiguration objects, built from `AGENT_WEBHOOKS`
 * (@curfew/contracts): the ONE source of the webhook rules, which the chart renders from its
 * generated copy (files/webhooks.yaml, templates/webhook.yaml) and this code imports — so the
 * server's paths, the tests and the installed configuration cannot drift apart, and the agent
 * reads no chart file at runtime. This builder mirrors what the template adds: clientConfig and
 * the namespaceSelector.
 */
import { AGENT_WEBHOOKS, type AgentWebhooks, type WebhookSpec } from '@curfew/contracts';
import type {
  AdmissionregistrationV1WebhookClientConfig,
  V1LabelSelectorRequirement,
  V1MutatingWebhookConfiguration,
  V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';

export interface WebhookPaths {
  mutate: string;
  validate: string;
}

/** The HTTPS paths the server answers on, as the configurations call them. */
export function webhookPaths(hooks: AgentWebhooks = AGENT_WEBHOOKS): WebhookPaths {
  return { mutate: hooks.mutating.path, validate: hooks.validating.path };
}

export type WebhookEndpoint =
  /** In a cluster: the agent's webhook Service (the chart's choice; port 443). */
  | { service: { name: string; namespace: string; port?: number } }
  /** Outside one (tests, kube-sim): a base URL such as `https://127.0.0.1:9443`. */
  | { url: string };

export interface WebhookConfigurationOptions {
  /** metadata.name of both configurations (the chart uses the release's full name). */
  name: string;
  endpoint: WebhookEndpoint;
  /** PEM of the CA that signed the serving certificate; sent base64 as caBundle. */
  caCert: string;
  mode: 'opt-in' | 'opt-out';
  agentNamespace: string;
  /** The policy's extra system namespaces. */
  systemNamespaces: readonly string[];
  /** Defaults to the contract (AGENT_WEBHOOKS). */
  hooks?: AgentWebhooks;
}

export interface WebhookConfigurations {
  mutating: V1MutatingWebhookConfiguration;
  validating: V1ValidatingWebhookConfiguration;
}

export function buildWebhookConfigurations(
  opts: WebhookConfigurationOptions,
): WebhookConfigurations {
  const hooks = opts.hooks ?? AGENT_WEBHOOKS;
  const selector = hooks.namespaceSelector;
  // Same list as the chart's curfew-agent.systemNamespaces helper. Prefix entries (`openshift-*`)
  // cannot be label values, so they are left to the code's isSystemNamespace check.
  const excluded = [
    ...new Set([...selector.alwaysExcluded, opts.agentNamespace, ...opts.systemNamespaces]),
  ].filter((name) => !name.endsWith('*'));
  const namespaceSelector = {
    matchExpressions: [
      { ...selector.modes[opts.mode] } as V1LabelSelectorRequirement,
      { key: selector.nameLabel, operator: 'NotIn', values: excluded },
    ],
  };
  const caBundle = Buffer.from(opts.caCert).toString('base64');
  const webhook = (spec: WebhookSpec) => {
    const { name, path, ...fields } = spec;
    return {
      name,
      clientConfig: clientConfig(opts.endpoint, path, caBundle),
      namespaceSelector,
      ...fields,
    };
  };
  const metadata = { name: opts.name, labels: { 'app.kubernetes.io/component': 'webhook' } };
  return {
    mutating: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata,
      webhooks: [webhook(hooks.mutating)],
    },
    validating: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata,
      webhooks: [webhook(hooks.validating)],
    },
  };
}

function clientConfig(
  endpoint: WebhookEndpoint,
  path: string,
  caBundle: string,
): AdmissionregistrationV1WebhookClientConfig {
  if ('url' in endpoint) return { url: `${endpoint.url.replace(/\/$/, '')}${path}`, caBundle };
  return { service: { ...endpoint.service, port: endpoint.service.port ?? 443, path }, caBundle };
}
