/**
 * The exact `helm` command that installs one cluster's agent, as the hub prints it when a
 * cluster is registered. Pure: the hub passes everything in. Values are validated here, so a
 * command we print always works when pasted into a POSIX shell.
 */

export interface HelmInstallInput {
  /** The id the hub gave the cluster (a DNS label, as the agent's config requires). */
  clusterId: string;
  /** host:port agents dial, e.g. hub.example.com:443. */
  hubGrpcAddress: string;
  /** Chart reference, e.g. oci://ghcr.io/curfew/charts/curfew-agent or ./helm/curfew-agent. */
  chartRef: string;
  /** Namespace for the agent; created if missing. */
  namespace: string;
  /** A Secret (in `namespace`) holding the token under key `token`; preferred over `token`. */
  tokenSecretName?: string;
  /** The one-time agent token; the chart stores it in a Secret. */
  token?: string;
  /** Helm release name; default `curfew-agent`. */
  releaseName?: string;
  /** Chart version to pin, e.g. 0.1.0. */
  chartVersion?: string;
}

export class HelmInstallInputError extends Error {
  override name = 'HelmInstallInputError';
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const HOST_PORT = /^[^\s/:]+:\d{1,5}$/;
const CHART_REF = /^\S+$/;
const VERSION = /^[0-9A-Za-z.+-]+$/;

/** The command as argv, for callers that run helm themselves. */
export function helmInstallArgs(input: HelmInstallInput): string[] {
  const releaseName = input.releaseName ?? 'curfew-agent';
  check('clusterId', input.clusterId, DNS_LABEL, 'a DNS label, e.g. prod-eu-1', 63);
  check('hubGrpcAddress', input.hubGrpcAddress, HOST_PORT, 'host:port, e.g. hub.example.com:443');
  check('chartRef', input.chartRef, CHART_REF, 'a chart reference without spaces');
  check('namespace', input.namespace, DNS_LABEL, 'a DNS label, e.g. curfew-system', 63);
  check('releaseName', releaseName, DNS_LABEL, 'a DNS label, e.g. curfew-agent', 53);
  const hasSecret = input.tokenSecretName !== undefined;
  const hasToken = input.token !== undefined;
  if (hasSecret === hasToken) {
    throw new HelmInstallInputError(
      'helmInstallCommand: pass exactly one of tokenSecretName (a Secret holding the agent token) or token',
    );
  }
  const args = ['upgrade', '--install', releaseName, input.chartRef];
  if (input.chartVersion !== undefined) {
    check('chartVersion', input.chartVersion, VERSION, 'a chart version, e.g. 0.1.0');
    args.push('--version', input.chartVersion);
  }
  args.push('--namespace', input.namespace, '--create-namespace');
  args.push('--set-string', `clusterId=${input.clusterId}`);
  args.push('--set-string', `hub.address=${input.hubGrpcAddress}`);
  if (input.tokenSecretName !== undefined) {
    check('tokenSecretName', input.tokenSecretName, DNS_SUBDOMAIN, 'a Secret name', 253);
    args.push('--set-string', `token.existingSecret=${input.tokenSecretName}`);
  } else {
    const token = input.token ?? '';
    if (token.length < 16 || /[\s\0]/.test(token)) {
      throw new HelmInstallInputError(
        'token: must be the agent token printed at registration (16+ characters, no whitespace)',
      );
    }
    args.push('--set-string', `token.value=${escapeSetValue(token)}`);
  }
  return args;
}

/** The command as one shell line per flag, ready to paste. */
export function helmInstallCommand(input: HelmInstallInput): string {
  const args = helmInstallArgs(input);
  const lines: string[] = [['helm', ...args.slice(0, 4)].map(shellQuote).join(' ')];
  for (let i = 4; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    // A flag and its value stay on one line; `--create-namespace` stands alone.
    if (next !== undefined && arg !== '--create-namespace' && !next.startsWith('--')) {
      lines.push(`${shellQuote(arg)} ${shellQuote(next)}`);
      i++;
    } else lines.push(shellQuote(arg));
  }
  return lines.join(' \\\n  ');
}

/** helm's --set parser splits on `,` and treats `\` as an escape inside values. */
function escapeSetValue(value: string): string {
  return value.replace(/[\\,]/g, (c) => `\\${c}`);
}

/** POSIX single quotes, only when needed, so the common case stays readable. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function check(field: string, value: string, pattern: RegExp, what: string, maxLength = 255) {
  if (typeof value !== 'string' || value.length > maxLength || !pattern.test(value)) {
    throw new HelmInstallInputError(
      `helmInstallCommand: ${field} ${JSON.stringify(value)} must be ${what} (at most ${maxLength} characters)`,
    );
  }
}
