import { AGENT_WEBHOOKS } from '@curfew/contracts';
import { describe, expect, it } from 'vitest';
import { buildWebhookConfigurations, webhookPaths } from '../../src/admission/index.js';

const hooks = AGENT_WEBHOOKS;
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function build(overrides: Partial<Parameters<typeof buildWebhookConfigurations>[0]> = {}) {
  return buildWebhookConfigurations({
    name: 'curfew-agent',
    endpoint: { service: { name: 'curfew-agent-webhook', namespace: 'curfew-system' } },
    caCert: CA,
    mode: 'opt-in',
    agentNamespace: 'curfew-system',
    systemNamespaces: ['monitoring', 'openshift-*'],
    ...overrides,
  });
}

describe('webhook configurations come from the webhook contract (AGENT_WEBHOOKS, the chart renders the same)', () => {
  it.each(['mutating', 'validating'] as const)(
    'the %s configuration carries every field of the file except path, as the chart renders it',
    (kind) => {
      const { name, path, ...fields } = hooks[kind];
      const [webhook] = build()[kind].webhooks ?? [];
      expect(webhook).toMatchObject({ name, ...fields });
      expect(webhook?.clientConfig).toEqual({
        service: { name: 'curfew-agent-webhook', namespace: 'curfew-system', port: 443, path },
        caBundle: Buffer.from(CA).toString('base64'),
      });
    },
  );

  it.each([
    {
      name: 'opt-in selects namespaces labelled managed=true',
      mode: 'opt-in' as const,
      operator: 'In',
      values: ['true'],
    },
    {
      name: 'opt-out selects all but managed=false',
      mode: 'opt-out' as const,
      operator: 'NotIn',
      values: ['false'],
    },
  ])('$name, and excludes system namespaces by name', ({ mode, operator, values }) => {
    const selector = build({ mode }).mutating.webhooks?.[0]?.namespaceSelector;
    expect(selector?.matchExpressions).toEqual([
      { key: 'curfew.dev/managed', operator, values },
      {
        key: 'kubernetes.io/metadata.name',
        operator: 'NotIn',
        // A prefix entry cannot be a label value; the code's isSystemNamespace covers it.
        values: [...hooks.namespaceSelector.alwaysExcluded, 'curfew-system', 'monitoring'],
      },
    ]);
  });

  it('a URL endpoint gets the path appended once', () => {
    const { validating } = build({ endpoint: { url: 'https://127.0.0.1:9443/' } });
    expect(validating.webhooks?.[0]?.clientConfig.url).toBe(
      `https://127.0.0.1:9443${hooks.validating.path}`,
    );
  });

  it('the server paths are the file paths', () => {
    expect(webhookPaths()).toEqual({
      mutate: hooks.mutating.path,
      validate: hooks.validating.path,
    });
  });
});
