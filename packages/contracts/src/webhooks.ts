/**
 * The time-bomb admission webhooks: the ONE source for the agent chart's Mutating- and
 * ValidatingWebhookConfiguration and for the agent's webhook server (its paths) and tests.
 *
 * `bin/generate` writes `helm/curfew-agent/files/webhooks.yaml` from this (helm's `.Files.Get`
 * reads only inside the chart, so the chart needs its own copy; `templates/webhook.yaml` renders
 * those fields verbatim) and `bin/generate --check` fails CI when that copy is stale. The agent
 * imports the data, so its image carries neither the chart nor a file to read.
 *
 * Fields under `mutating` and `validating` are Kubernetes MutatingWebhook/ValidatingWebhook
 * fields, plus `path`, the HTTPS path the agent serves. The chart and the agent's
 * buildWebhookConfigurations add clientConfig (Service or URL, CA bundle) and the
 * namespaceSelector built from `namespaceSelector` below.
 */
import { deepFreeze } from './freeze.js';

export interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export interface WebhookRule {
  operations: ('CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT' | '*')[];
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  scope?: 'Cluster' | 'Namespaced' | '*';
}

export interface WebhookSpec {
  /** Fully qualified (at least three dot-separated segments), as the API server requires. */
  name: string;
  /** HTTPS path the agent serves this webhook on. */
  path: string;
  rules: WebhookRule[];
  failurePolicy: 'Ignore' | 'Fail';
  timeoutSeconds: number;
  sideEffects: 'None' | 'NoneOnDryRun';
  admissionReviewVersions: string[];
  matchPolicy?: 'Exact' | 'Equivalent';
  /** Mutating webhooks only. */
  reinvocationPolicy?: 'Never' | 'IfNeeded';
}

export interface AgentWebhooks {
  namespaceSelector: {
    modes: Record<'opt-in' | 'opt-out', LabelRequirement>;
    nameLabel: string;
    alwaysExcluded: string[];
  };
  mutating: WebhookSpec;
  validating: WebhookSpec;
}

/** Both webhooks see the same objects: what carries a time bomb (Pods and pod templates). */
const TIME_BOMB_HOLDERS: WebhookRule[] = [
  {
    operations: ['CREATE', 'UPDATE'],
    apiGroups: [''],
    apiVersions: ['v1'],
    resources: ['pods'],
    scope: 'Namespaced',
  },
  {
    operations: ['CREATE', 'UPDATE'],
    apiGroups: ['apps'],
    apiVersions: ['v1'],
    resources: ['deployments', 'statefulsets'],
    scope: 'Namespaced',
  },
];

/**
 * How both webhooks are called. Curfew must never block a deploy: if the agent is down, objects
 * are admitted (unstamped, unchecked) rather than refused, and a slow agent costs at most 5 s.
 */
const FAIL_OPEN = {
  failurePolicy: 'Ignore',
  timeoutSeconds: 5,
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  matchPolicy: 'Equivalent',
} as const satisfies Partial<WebhookSpec>;

export const AGENT_WEBHOOKS: AgentWebhooks = deepFreeze({
  // Which namespaces the webhooks see. The agent applies the same rules in code; the selector
  // only keeps the API server from calling the webhook for namespaces it would ignore anyway.
  namespaceSelector: {
    // Cluster mode (values: mode) → the label requirement on curfew.dev/managed.
    modes: {
      'opt-in': { key: 'curfew.dev/managed', operator: 'In', values: ['true'] },
      'opt-out': { key: 'curfew.dev/managed', operator: 'NotIn', values: ['false'] },
    },
    // System namespaces are excluded by name (`kubernetes.io/metadata.name`, set by the API
    // server on every namespace). A label selector cannot say `kube-*`, so the known ones are
    // listed; the chart adds its own namespace and values.systemNamespaces, and the agent's code
    // ignores every kube-* namespace too.
    nameLabel: 'kubernetes.io/metadata.name',
    alwaysExcluded: ['kube-system', 'kube-public', 'kube-node-lease'],
  },
  // Stamps curfew.dev/valid-until and valid-until-human from curfew.dev/timer.
  mutating: {
    name: 'time-bombs.mutate.curfew.dev',
    path: '/admission/mutate',
    rules: structuredClone(TIME_BOMB_HOLDERS),
    ...structuredClone(FAIL_OPEN),
    // Another mutating webhook may change the timer annotation after us: run again if so.
    reinvocationPolicy: 'IfNeeded',
  },
  // Rejects objects whose curfew.dev/valid-until has passed, saying how to extend.
  validating: {
    name: 'time-bombs.validate.curfew.dev',
    path: '/admission/validate',
    rules: [
      ...structuredClone(TIME_BOMB_HOLDERS),
      // `kubectl scale` (and HPAs, KEDA) write the `scale` subresource, which a rule for
      // `deployments` does not match: without this an expired Deployment scaled by hand passes,
      // and only the agent's re-expiry puts it back. The API server sends an autoscaling/v1 Scale
      // (replicas, no annotations); the agent judges it on the workload it scales.
      {
        operations: ['UPDATE'],
        apiGroups: ['apps'],
        apiVersions: ['v1'],
        resources: ['deployments/scale', 'statefulsets/scale'],
        scope: 'Namespaced',
      },
    ],
    ...structuredClone(FAIL_OPEN),
  },
});
