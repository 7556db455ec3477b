import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { configProblems, MINIMAL_ENV } from './support/config-env.js';

const minimal = MINIMAL_ENV;
const problems = configProblems;

describe('agent configuration', () => {
  it('applies the documented defaults to a minimal environment', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      clusterId: 'dev-eu-1',
      agentNamespace: 'curfew-system',
      hub: { tls: true, address: 'hub.example.com:443' },
      policy: { mode: 'opt-in', reminderOffsetsMinutes: [60, 30, 15] },
      leaderElection: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
      expiryWarningOffsetsMinutes: [60, 15],
      bindAddress: '0.0.0.0',
    });
  });

  it('GitOps-aware suspend is auto by default, and CURFEW_GITOPS=off turns it off', () => {
    expect(loadConfig(minimal).gitops).toEqual({
      mode: 'auto',
      argoNamespace: 'argocd',
      sweepIntervalMs: 300_000,
    });
    const config = loadConfig({
      ...minimal,
      CURFEW_GITOPS: 'off',
      CURFEW_ARGOCD_NAMESPACE: 'gitops',
      CURFEW_GITOPS_SWEEP_INTERVAL_MS: '60000',
    });
    expect(config.gitops).toEqual({
      mode: 'off',
      argoNamespace: 'gitops',
      sweepIntervalMs: 60_000,
    });
  });

  it('a CURFEW_GITOPS that is neither auto nor off says what to write', () => {
    expect(problems({ ...minimal, CURFEW_GITOPS: 'on' })).toEqual([
      expect.stringMatching(/^CURFEW_GITOPS \(gitops\.mode\): .*must be auto .* or off/),
    ]);
  });

  it('reads expiry warning offsets from CURFEW_EXPIRY_WARNING_OFFSETS_MINUTES', () => {
    const config = loadConfig({ ...minimal, CURFEW_EXPIRY_WARNING_OFFSETS_MINUTES: '120, 30' });
    expect(config.expiryWarningOffsetsMinutes).toEqual([120, 30]);
  });

  it('support pods default to busybox sleeping for 8h as nobody, and read their CURFEW_SUPPORT_* settings', () => {
    expect(loadConfig(minimal).support).toEqual({
      image: 'busybox:1.37',
      command: ['sleep', 'infinity'],
      timer: '8h',
      runAsUser: 65_534,
    });
    const config = loadConfig({
      ...minimal,
      CURFEW_SUPPORT_IMAGE: 'registry.example/toolbox:3',
      CURFEW_SUPPORT_COMMAND: 'sh, -c, sleep 1d',
      CURFEW_SUPPORT_TIMER: '2h',
      CURFEW_SUPPORT_RUN_AS_USER: '1000',
    });
    expect(config.support).toEqual({
      image: 'registry.example/toolbox:3',
      command: ['sh', '-c', 'sleep 1d'],
      timer: '2h',
      runAsUser: 1000,
    });
  });

  it('reads the default time zone and week frame for short schedules, as kube-downscaler does', () => {
    const config = loadConfig({
      ...minimal,
      CURFEW_DEFAULT_TIMEZONE: 'Europe/Paris',
      CURFEW_DEFAULT_WEEKFRAME: 'Mon-Fri',
      CURFEW_DEFAULT_UPTIME: '08:00-20:00',
    });
    expect(config.policy).toMatchObject({
      defaultTimeZone: 'Europe/Paris',
      defaultWeekFrame: 'Mon-Fri',
      defaultUptime: '08:00-20:00',
    });
    expect(loadConfig(minimal).policy.defaultTimeZone).toBeUndefined();
  });

  it.each([
    {
      name: 'an abbreviation as the default time zone asks for an IANA name',
      env: { ...minimal, CURFEW_DEFAULT_TIMEZONE: 'BST' },
      expected: /^CURFEW_DEFAULT_TIMEZONE \(policy.defaultTimeZone\): must be an IANA time zone/,
    },
    {
      name: 'a default week frame that is not days shows the form',
      env: { ...minimal, CURFEW_DEFAULT_WEEKFRAME: 'weekdays' },
      expected: /^CURFEW_DEFAULT_WEEKFRAME \(policy.defaultWeekFrame\): must be a day or a range/,
    },
    {
      name: 'a missing cluster id names CURFEW_CLUSTER_ID',
      env: { ...minimal, CURFEW_CLUSTER_ID: '' },
      expected: /^CURFEW_CLUSTER_ID \(clusterId\): is required/,
    },
    {
      name: 'a hub address without a port says the expected form',
      env: { ...minimal, CURFEW_HUB_ADDRESS: 'hub.example.com' },
      expected: /^CURFEW_HUB_ADDRESS \(hub.address\): must be host:port/,
    },
    {
      name: 'a non-boolean TLS flag says true or false',
      env: { ...minimal, CURFEW_HUB_TLS: 'maybe' },
      expected: /^CURFEW_HUB_TLS \(hub.tls\): "maybe" must be true or false/,
    },
    {
      name: 'reminder offsets that are not numbers show an example',
      env: { ...minimal, CURFEW_REMINDER_OFFSETS_MINUTES: '60,half,15' },
      expected: /e\.g\. 60,30,15/,
    },
    {
      name: 'expiry warning offsets that are not numbers show an example',
      env: { ...minimal, CURFEW_EXPIRY_WARNING_OFFSETS_MINUTES: '60,soon' },
      expected:
        /^CURFEW_EXPIRY_WARNING_OFFSETS_MINUTES \(expiryWarningOffsetsMinutes\): .*e\.g\. 60,30,15/,
    },
    {
      name: 'an expiry warning offset longer than a day is refused',
      env: { ...minimal, CURFEW_EXPIRY_WARNING_OFFSETS_MINUTES: '60,2000' },
      expected: /^CURFEW_EXPIRY_WARNING_OFFSETS_MINUTES \(expiryWarningOffsetsMinutes\): .*<=1440/,
    },
    {
      name: 'a support pod timer that is not a duration shows the accepted forms',
      env: { ...minimal, CURFEW_SUPPORT_TIMER: 'all day' },
      expected: /^CURFEW_SUPPORT_TIMER \(support.timer\): must be a duration like 8h/,
    },
    {
      name: 'a root support pod user is refused',
      env: { ...minimal, CURFEW_SUPPORT_RUN_AS_USER: '0' },
      expected: /^CURFEW_SUPPORT_RUN_AS_USER \(support.runAsUser\): /,
    },
    {
      name: 'an unknown mode lists the accepted values',
      env: { ...minimal, CURFEW_MODE: 'everything' },
      expected: /^CURFEW_MODE \(policy.mode\): .*opt-in.*opt-out/,
    },
    {
      name: 'a renew deadline not shorter than the lease says why',
      env: { ...minimal, CURFEW_RENEW_DEADLINE_MS: '20000' },
      expected: /CURFEW_RENEW_DEADLINE_MS .*two leaders can overlap/,
    },
    {
      name: 'a bind address that is not an IP address shows the two usual ones',
      env: { ...minimal, CURFEW_BIND_ADDRESS: 'localhost' },
      expected:
        /^CURFEW_BIND_ADDRESS \(bindAddress\): must be an IP address .*0\.0\.0\.0.*127\.0\.0\.1/,
    },
    {
      name: 'a webhook certificate without its key says to set both or neither',
      env: { ...minimal, CURFEW_WEBHOOK_CERT_FILE: '/etc/tls.crt' },
      expected: /^CURFEW_WEBHOOK_CERT_FILE \(webhook.certFile\): set both/,
    },
  ])('$name', ({ env, expected }) => {
    const found = problems(env);
    expect(
      found.some((p) => expected.test(p)),
      found.join('\n'),
    ).toBe(true);
  });

  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'curfew-config-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a YAML file and lets the environment override it', () => {
    const dir = tempDir();
    const file = join(dir, 'agent.yaml');
    writeFileSync(
      file,
      'clusterId: from-file\npolicy:\n  mode: opt-out\n  systemNamespaces: [monitoring]\n',
    );
    const config = loadConfig({ ...minimal, CURFEW_CLUSTER_ID: '', CURFEW_CONFIG_FILE: file });
    expect(config.clusterId).toBe('from-file');
    expect(config.policy).toMatchObject({ mode: 'opt-out', systemNamespaces: ['monitoring'] });
    const overridden = loadConfig({ ...minimal, CURFEW_CONFIG_FILE: file, CURFEW_MODE: 'opt-in' });
    expect(overridden.policy.mode).toBe('opt-in');
    expect(overridden.clusterId).toBe('dev-eu-1');
  });

  it('rejects an unknown key in the file instead of silently ignoring a typo', () => {
    const dir = tempDir();
    const file = join(dir, 'agent.json');
    writeFileSync(file, JSON.stringify({ clusterID: 'typo' }));
    const found = problems({ ...minimal, CURFEW_CONFIG_FILE: file });
    expect(found.join('\n')).toMatch(/clusterID/);
  });
});
