import { systemClock } from '@curfew/core';
import { describe, expect, it } from 'vitest';
import { createCloudEnv } from '../../src/cloud/cloud-env.js';
import { loadConfig } from '../../src/config/load.js';
import { configProblems, MINIMAL_ENV } from '../support/config-env.js';

const minimal = MINIMAL_ENV;
const problems = configProblems;

describe('cloud configuration', () => {
  it('is off by default (no regions) with the documented defaults', () => {
    expect(loadConfig(minimal).cloud).toEqual({
      regions: [],
      namespaceTag: 'curfew.dev/namespace',
      dryRun: false,
      cacheTtlMs: 60_000,
      pollMs: 15_000,
      stopTimeoutMs: 600_000,
      startTimeoutMs: 900_000,
      sweepIntervalMs: 300_000,
      maxAttempts: 5,
      prices: {},
    });
  });

  it('reads every CURFEW_CLOUD_* variable', () => {
    const config = loadConfig({
      ...minimal,
      CURFEW_CLOUD_REGIONS: 'eu-west-1, us-east-1',
      CURFEW_CLOUD_NAMESPACE_TAG: 'team/namespace',
      CURFEW_CLOUD_CLUSTER_TAG: 'team/cluster',
      CURFEW_CLOUD_DRY_RUN: 'true',
      CURFEW_CLOUD_CACHE_TTL_MS: '30000',
      CURFEW_CLOUD_POLL_MS: '5000',
      CURFEW_CLOUD_STOP_TIMEOUT_MS: '60000',
      CURFEW_CLOUD_START_TIMEOUT_MS: '120000',
      CURFEW_CLOUD_SWEEP_INTERVAL_MS: '600000',
      CURFEW_CLOUD_MAX_ATTEMPTS: '8',
      CURFEW_CLOUD_PRICES: 'ec2/t3.medium=0.0416, rds/db.t3.medium=0.072',
    });
    expect(config.cloud).toEqual({
      regions: ['eu-west-1', 'us-east-1'],
      namespaceTag: 'team/namespace',
      clusterTag: 'team/cluster',
      dryRun: true,
      cacheTtlMs: 30_000,
      pollMs: 5_000,
      stopTimeoutMs: 60_000,
      startTimeoutMs: 120_000,
      sweepIntervalMs: 600_000,
      maxAttempts: 8,
      prices: { 'ec2/t3.medium': 0.0416, 'rds/db.t3.medium': 0.072 },
    });
  });

  it.each<{ name: string; env: Record<string, string>; expected: RegExp }>([
    {
      name: 'a region that is not one',
      env: { CURFEW_CLOUD_REGIONS: 'Ireland' },
      expected:
        /CURFEW_CLOUD_REGIONS \(cloud\.regions\): must be AWS region names, e\.g\. eu-west-1/,
    },
    {
      name: 'an AWS-reserved tag key',
      env: { CURFEW_CLOUD_NAMESPACE_TAG: 'aws:namespace' },
      expected: /CURFEW_CLOUD_NAMESPACE_TAG .*reserved by AWS/,
    },
    {
      name: 'a price without a key',
      env: { CURFEW_CLOUD_PRICES: '0.04' },
      expected: /CURFEW_CLOUD_PRICES .*must be <key>=<dollars per hour>/,
    },
    {
      name: 'a price that is not a number',
      env: { CURFEW_CLOUD_PRICES: 'ec2/t3.medium=cheap' },
      expected: /CURFEW_CLOUD_PRICES .*ec2\/t3\.medium=cheap/,
    },
    {
      name: 'a price key of an unknown kind',
      env: { CURFEW_CLOUD_PRICES: 'lambda/x=1' },
      expected:
        /CURFEW_CLOUD_PRICES \(cloud\.prices\): cloud price key "lambda\/x" is not ec2.*write e\.g\./,
    },
    {
      name: 'a dry-run flag that is not a boolean',
      env: { CURFEW_CLOUD_DRY_RUN: 'maybe' },
      expected: /CURFEW_CLOUD_DRY_RUN .*true or false/,
    },
    {
      name: 'zero attempts',
      env: { CURFEW_CLOUD_MAX_ATTEMPTS: '0' },
      expected: /CURFEW_CLOUD_MAX_ATTEMPTS/,
    },
  ])('refuses $name, naming the variable and what to write', ({ env, expected }) => {
    const found = problems({ ...minimal, ...env });
    expect(
      found.some((p) => expected.test(p)),
      found.join('\n'),
    ).toBe(true);
  });
});

describe('the agent’s cloud from its configuration', () => {
  it('is absent without regions, and AWS (loaded on first use) with them', async () => {
    const off = loadConfig(minimal);
    expect(createCloudEnv(off.cloud, off.clusterId, systemClock)).toBeUndefined();
    const on = loadConfig({
      ...minimal,
      CURFEW_CLOUD_REGIONS: 'eu-west-1',
      CURFEW_CLOUD_DRY_RUN: 'true',
    });
    const cloud = createCloudEnv(on.cloud, on.clusterId, systemClock);
    expect(cloud?.dryRun).toBe(true);
    expect(cloud?.inventory.regions).toEqual(['eu-west-1']);
    // The real AwsCloud answers (no request needed: the region is not configured).
    await expect(
      cloud?.api.stop({ kind: 'ec2', region: 'ap-south-1', id: 'i-1' }),
    ).rejects.toMatchObject({
      kind: 'refused',
      code: 'RegionNotConfigured',
    });
    cloud?.api.close();
  });
});
