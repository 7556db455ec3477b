import { AGENT_WEBHOOKS } from '@curfew/contracts';
import { describe, expect, it } from 'vitest';
import { loadAgentWebhooks } from '../src/index.js';
import { readChartFile } from './support/charts.js';

const webhooks = loadAgentWebhooks();
const template = readChartFile('curfew-agent', 'templates/webhook.yaml');
const helpers = readChartFile('curfew-agent', 'templates/_helpers.tpl');

describe('files/webhooks.yaml (the webhook configuration the agent code shares)', () => {
  it('is exactly the webhook contract the agent serves (AGENT_WEBHOOKS)', () => {
    expect(webhooks).toEqual(AGENT_WEBHOOKS);
  });

  it.each(['mutating', 'validating'] as const)(
    '%s: fails open within 5 seconds, v1 reviews, no side effects',
    (kind) => {
      const hook = webhooks[kind];
      expect(hook).toMatchObject({
        failurePolicy: 'Ignore',
        timeoutSeconds: 5,
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
      });
    },
  );

  const seen = (kind: 'mutating' | 'validating') =>
    webhooks[kind].rules
      .flatMap((rule) =>
        rule.resources.flatMap((resource) =>
          rule.apiGroups.map(
            (group) => `${rule.operations.join('+')} ${group || 'core'}/${resource}`,
          ),
        ),
      )
      .sort();
  const holders = [
    'CREATE+UPDATE apps/deployments',
    'CREATE+UPDATE apps/statefulsets',
    'CREATE+UPDATE core/pods',
  ];

  it('mutating: sees CREATE and UPDATE of pods, deployments and statefulsets', () => {
    expect(seen('mutating')).toEqual(holders);
  });

  it('validating: sees those and `kubectl scale` of deployments and statefulsets (the scale subresource)', () => {
    expect(seen('validating')).toEqual(
      [...holders, 'UPDATE apps/deployments/scale', 'UPDATE apps/statefulsets/scale'].sort(),
    );
  });

  it('serves the two webhooks on different paths', () => {
    expect(webhooks.mutating.path).not.toBe(webhooks.validating.path);
  });

  it.each([
    { mode: 'opt-in', want: { key: 'curfew.dev/managed', operator: 'In', values: ['true'] } },
    { mode: 'opt-out', want: { key: 'curfew.dev/managed', operator: 'NotIn', values: ['false'] } },
  ] as const)(
    'selects namespaces on the curfew.dev/managed label in $mode mode',
    ({ mode, want }) => {
      expect(webhooks.namespaceSelector.modes[mode]).toEqual(want);
    },
  );

  it('always excludes the kube-* system namespaces by their name label', () => {
    expect(webhooks.namespaceSelector.nameLabel).toBe('kubernetes.io/metadata.name');
    expect(webhooks.namespaceSelector.alwaysExcluded).toEqual(
      expect.arrayContaining(['kube-system', 'kube-public', 'kube-node-lease']),
    );
  });
});

describe('templates/webhook.yaml renders that file', () => {
  it('reads files/webhooks.yaml with .Files.Get and fromYaml', () => {
    expect(template).toMatch(/\.Files\.Get "files\/webhooks\.yaml" \| fromYaml/);
  });

  it('renders the hook fields from the file, adding only clientConfig and namespaceSelector', () => {
    expect(template).toContain('{{- toYaml (omit $hook "name" "path") | nindent 4 }}');
    expect(template).toContain('- name: {{ $hook.name }}');
    expect(template).toContain('path: {{ $hook.path }}');
  });

  it.each([
    'failurePolicy',
    'timeoutSeconds',
    'sideEffects',
    'admissionReviewVersions',
    'rules',
    'operations',
    'matchPolicy',
  ])('does not set %s itself', (field) => {
    expect(template).not.toMatch(new RegExp(`^\\s*-?\\s*${field}:`, 'm'));
  });

  it('builds the namespaceSelector from the file: the mode requirement plus excluded names', () => {
    expect(helpers).toMatch(
      /define "curfew-agent\.webhookNamespaceSelector"[\s\S]*\.Files\.Get "files\/webhooks\.yaml"/,
    );
    expect(helpers).toContain('index $selector.modes .Values.mode');
    expect(helpers).toContain('key: {{ $selector.nameLabel }}');
    expect(template).toContain('include "curfew-agent.webhookNamespaceSelector" $');
  });

  it('excludes the release namespace and values.systemNamespaces as well', () => {
    expect(helpers).toContain(
      'concat $hooks.namespaceSelector.alwaysExcluded (list .Release.Namespace) .Values.systemNamespaces',
    );
  });

  it('generates one CA for the Secret and both configurations, or defers to cert-manager', () => {
    expect(template.match(/:= genCA /g)).toHaveLength(1);
    expect(template).toContain('genSignedCert');
    expect(template).toContain('caBundle: {{ $caBundle }}');
    expect(template).toContain('cert-manager.io/inject-ca-from');
    // Reuses the existing Secret on upgrade instead of rotating the CA under running pods.
    expect(template).toContain('lookup "v1" "Secret" .Release.Namespace $secretName');
  });
});
