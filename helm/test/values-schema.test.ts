import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHARTS,
  type ChartName,
  defaultValues,
  describeErrors,
  mergeValues,
  readYaml,
  valuesValidator,
} from './support/charts.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const EXAMPLES = join(import.meta.dirname, '..', 'examples');

/** What helm validates: the chart's values with the user's file merged over them. */
function errorsFor(chart: ChartName, file: string): string[] {
  const overrides = readYaml(file) as Record<string, unknown>;
  return describeErrors(valuesValidator(chart)(mergeValues(defaultValues(chart), overrides)));
}

describe('values.schema.json', () => {
  it.each(CHARTS)('accepts the default values.yaml of %s', (chart) => {
    expect(describeErrors(valuesValidator(chart)(defaultValues(chart)))).toEqual([]);
  });

  it.each([
    { name: 'the production hub example', chart: 'curfew-hub', file: 'hub-production.yaml' },
    {
      name: 'the trial hub example with bundled Redis',
      chart: 'curfew-hub',
      file: 'hub-trial.yaml',
    },
    { name: 'the agent example', chart: 'curfew-agent', file: 'agent.yaml' },
  ] as const)('accepts $name from helm/examples', ({ chart, file }) => {
    expect(errorsFor(chart, join(EXAMPLES, file))).toEqual([]);
  });

  const bad: { name: string; chart: ChartName; file: string; field: string }[] = [
    {
      name: 'a replica count written as text',
      chart: 'curfew-hub',
      file: 'hub-replicas-as-text.yaml',
      field: '/replicaCount',
    },
    {
      name: 'a Redis URL that is not redis://',
      chart: 'curfew-hub',
      file: 'hub-redis-url-not-redis.yaml',
      field: '/redisUrl',
    },
    {
      name: 'a writable root filesystem',
      chart: 'curfew-hub',
      file: 'hub-writable-root-filesystem.yaml',
      field: '/securityContext/readOnlyRootFilesystem',
    },
    {
      name: 'a misspelled top-level key',
      chart: 'curfew-hub',
      file: 'hub-misspelled-key.yaml',
      field: '/replicas',
    },
    {
      name: 'an enabled ingress without a host',
      chart: 'curfew-hub',
      file: 'hub-ingress-without-host.yaml',
      field: '/ingress/http/host',
    },
    {
      name: 'a duration in words',
      chart: 'curfew-hub',
      file: 'hub-bad-duration.yaml',
      field: '/timings/commandTtl',
    },
    {
      name: 'a cloud tag key in the reserved aws: prefix',
      chart: 'curfew-agent',
      file: 'agent-cloud-tag-aws-prefix.yaml',
      field: '/cloud/namespaceTag',
    },
    {
      name: 'GitOps-aware suspend switched on with a word',
      chart: 'curfew-agent',
      file: 'agent-gitops-enabled-as-text.yaml',
      field: '/gitops/enabled',
    },
    {
      name: 'a misspelled mode',
      chart: 'curfew-agent',
      file: 'agent-mode-misspelled.yaml',
      field: '/mode',
    },
    {
      name: 'a default week frame in words',
      chart: 'curfew-agent',
      file: 'agent-weekframe-in-words.yaml',
      field: '/defaultWeekFrame',
    },
    {
      name: 'reminder offsets written as durations',
      chart: 'curfew-agent',
      file: 'agent-reminders-as-durations.yaml',
      field: '/reminderOffsetsMinutes/0',
    },
    {
      name: 'a hub address with a URL scheme',
      chart: 'curfew-agent',
      file: 'agent-hub-address-with-scheme.yaml',
      field: '/hub/address',
    },
    {
      name: 'a cluster id that is not a DNS label',
      chart: 'curfew-agent',
      file: 'agent-cluster-id-not-dns.yaml',
      field: '/clusterId',
    },
    {
      name: 'running as root',
      chart: 'curfew-agent',
      file: 'agent-run-as-root.yaml',
      field: '/podSecurityContext/runAsNonRoot',
    },
    {
      name: 'a cert-manager issuer of the wrong kind',
      chart: 'curfew-agent',
      file: 'agent-cert-manager-issuer-kind.yaml',
      field: '/webhook/certManager/issuerRef/kind',
    },
    {
      name: 'a cloud region written as a place',
      chart: 'curfew-agent',
      file: 'agent-cloud-region-misspelled.yaml',
      field: '/cloud/regions/0',
    },
    {
      name: 'a cloud price without its kind',
      chart: 'curfew-agent',
      file: 'agent-cloud-price-without-kind.yaml',
      field: '/cloud/prices',
    },
    {
      name: 'an IRSA role given by name instead of ARN',
      chart: 'curfew-agent',
      file: 'agent-cloud-role-not-an-arn.yaml',
      field: '/cloud/iamRoleArn',
    },
  ];

  it.each(bad)('rejects $name, naming $field', ({ chart, file, field }) => {
    const errors = errorsFor(chart, join(FIXTURES, file));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((error) => error.startsWith(`${field} `))).toBe(true);
  });

  it('has a test for every bad values file in test/fixtures', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(bad.map((b) => b.file).sort());
  });
});

describe('mergeValues (helm value coalescing, used above)', () => {
  it.each([
    {
      name: 'maps merge key by key',
      base: { a: { b: 1, c: 2 } },
      over: { a: { c: 3 } },
      want: { a: { b: 1, c: 3 } },
    },
    {
      name: 'lists replace rather than append',
      base: { a: [1, 2] },
      over: { a: [3] },
      want: { a: [3] },
    },
    { name: 'null deletes a default', base: { a: 1, b: 2 }, over: { a: null }, want: { b: 2 } },
  ])('$name', ({ base, over, want }) => {
    expect(mergeValues(base, over)).toEqual(want);
  });
});
