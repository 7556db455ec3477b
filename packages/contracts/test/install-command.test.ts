import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  type HelmInstallInput,
  HelmInstallInputError,
  helmInstallArgs,
  helmInstallCommand,
} from '../src/index.js';

const base: HelmInstallInput = {
  clusterId: 'prod-eu-1',
  hubGrpcAddress: 'hub.example.com:443',
  chartRef: 'oci://ghcr.io/curfew/charts/curfew-agent',
  namespace: 'curfew-system',
  token: 'cft_0123456789abcdef',
};

/** What a real POSIX shell passes to `helm` when the printed command is pasted. */
function argvFromShell(command: string): string[] {
  const script = `helm() { printf '%s\\0' "$@"; }\n${command}\n`;
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\0').slice(0, -1);
}

describe('helmInstallCommand', () => {
  it('prints an upgrade --install of the agent chart with the cluster id, hub address and token', () => {
    expect(helmInstallCommand(base)).toBe(
      [
        'helm upgrade --install curfew-agent oci://ghcr.io/curfew/charts/curfew-agent',
        '--namespace curfew-system',
        '--create-namespace',
        '--set-string clusterId=prod-eu-1',
        '--set-string hub.address=hub.example.com:443',
        '--set-string token.value=cft_0123456789abcdef',
      ].join(' \\\n  '),
    );
  });

  it.each([
    { name: 'a plain token', input: base },
    {
      name: 'a token secret name instead of a token',
      input: { ...base, token: undefined, tokenSecretName: 'curfew-agent-token' },
    },
    {
      name: 'a pinned chart version and release name',
      input: { ...base, chartVersion: '0.1.0', releaseName: 'agent' },
    },
    {
      name: 'a token with quotes, commas, dollars and backslashes',
      input: { ...base, token: `a'b"c,d$e\\f\`g!h;i` },
    },
    { name: 'a local chart path', input: { ...base, chartRef: './helm/curfew-agent' } },
    {
      name: 'a plaintext hub and a pinned version',
      input: { ...base, hubTls: false, chartVersion: '0.2.0' },
    },
  ])(
    'reaches helm with exactly the intended arguments when pasted into a shell: $name',
    ({ input }) => {
      expect(argvFromShell(helmInstallCommand(input))).toEqual(helmInstallArgs(input));
    },
  );

  it.each([
    { name: 'TLS (the chart default) adds nothing', hubTls: true, want: [] },
    { name: 'left unsaid is TLS', hubTls: undefined, want: [] },
    {
      name: 'a plaintext hub sets the boolean hub.tls=false',
      hubTls: false,
      want: ['--set', 'hub.tls=false'],
    },
  ])('says how agents dial the hub: $name', ({ hubTls, want }) => {
    const args = helmInstallArgs({ ...base, ...(hubTls === undefined ? {} : { hubTls }) });
    const at = args.indexOf('--set');
    expect(at < 0 ? [] : args.slice(at, at + 2)).toEqual(want);
  });

  it('pins the chart version it is given, right after the chart', () => {
    expect(helmInstallArgs({ ...base, chartVersion: '0.1.0' }).slice(3, 6)).toEqual([
      base.chartRef,
      '--version',
      '0.1.0',
    ]);
  });

  it('escapes commas and backslashes in the token for helm --set parsing', () => {
    const args = helmInstallArgs({ ...base, token: 'abc,def\\ghi-0123456789' });
    expect(args.at(-1)).toBe('token.value=abc\\,def\\\\ghi-0123456789');
  });

  it('references the Secret and never a token value when tokenSecretName is given', () => {
    const args = helmInstallArgs({ ...base, token: undefined, tokenSecretName: 'agent-token' });
    expect(args).toContain('token.existingSecret=agent-token');
    expect(args.join(' ')).not.toContain('token.value');
  });

  it.each([
    {
      name: 'a cluster id with capitals and spaces',
      patch: { clusterId: 'Prod EU' },
      field: 'clusterId',
    },
    {
      name: 'a hub address without a port',
      patch: { hubGrpcAddress: 'hub.example.com' },
      field: 'hubGrpcAddress',
    },
    {
      name: 'a hub address with a scheme',
      patch: { hubGrpcAddress: 'https://hub:443' },
      field: 'hubGrpcAddress',
    },
    {
      name: 'a namespace with an underscore',
      patch: { namespace: 'curfew_system' },
      field: 'namespace',
    },
    { name: 'a chart reference with a space', patch: { chartRef: 'oci://x y' }, field: 'chartRef' },
    { name: 'a short token', patch: { token: 'short' }, field: 'token' },
    { name: 'a token with a newline', patch: { token: 'abcdefghijklmnop\nq' }, field: 'token' },
    {
      name: 'both a token and a secret name',
      patch: { tokenSecretName: 'x' },
      field: 'exactly one',
    },
    {
      name: 'neither a token nor a secret name',
      patch: { token: undefined },
      field: 'exactly one',
    },
    {
      name: 'a bad chart version',
      patch: { chartVersion: '1.0; rm -rf /' },
      field: 'chartVersion',
    },
  ])('refuses $name with an error naming it', ({ patch, field }) => {
    const input = { ...base, ...patch } as HelmInstallInput;
    expect(() => helmInstallCommand(input)).toThrow(HelmInstallInputError);
    expect(() => helmInstallCommand(input)).toThrow(field);
  });
});
