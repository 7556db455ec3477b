/**
 * The exact `helm` command that installs one cluster's agent, as the hub prints it when a
 * cluster is registered or its token rotated: the one builder (the hub's admin API uses it, the
 * hub's configuration is checked against it at start-up). Pure: the caller passes everything
 * in. Values are validated here, so a command we print always works when pasted into a POSIX
 * shell. Value names are those of helm/curfew-agent/values.yaml; values go through
 * `--set-string` so helm never reinterprets them (a token of digits would become a number).
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
  /**
   * Whether agents dial the hub with TLS (the agent chart's `hub.tls`, default true). false
   * prints `--set hub.tls=false`: a hub whose gRPC port is plaintext all the way (a local run).
   */
  hubTls?: boolean;
}

export class HelmInstallInputError extends Error {
  override name = 'HelmInstallInputError';
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const HOST_PORT = /^[^\s/:]+:\d{1,5}$/;
const CHART_REF = /^\S+$/;
const VERSION = /^[0-9A-Za-z.+-]+$/;

/** What a hub is configured with once, for every command it prints. */
export type HelmInstallTarget = Pick<
  HelmInstallInput,
  'hubGrpcAddress' | 'chartRef' | 'namespace' | 'chartVersion'
>;

const TARGET_RULES: Record<keyof HelmInstallTarget, [RegExp, string, number?]> = {
  hubGrpcAddress: [HOST_PORT, 'host:port, e.g. hub.example.com:443'],
  chartRef: [CHART_REF, 'a chart reference without spaces'],
  namespace: [DNS_LABEL, 'a DNS label, e.g. curfew-system', 63],
  chartVersion: [VERSION, 'a chart version, e.g. 0.1.0'],
};

/**
 * What is wrong with one part of the install target (`must be …`), or null: the same rule the
 * builder applies, so a hub can refuse a bad setting at start-up instead of at the first
 * registration.
 */
export function installTargetProblem(field: keyof HelmInstallTarget, value: string): string | null {
  const [pattern, what, maxLength] = TARGET_RULES[field];
  return problem(value, pattern, what, maxLength);
}

/** The command as argv, for callers that run helm themselves. */
export function helmInstallArgs(input: HelmInstallInput): string[] {
  const releaseName = input.releaseName ?? 'curfew-agent';
  check('clusterId', input.clusterId, DNS_LABEL, 'a DNS label, e.g. prod-eu-1', 63);
  for (const field of ['hubGrpcAddress', 'chartRef', 'namespace'] as const) {
    const [pattern, what, maxLength] = TARGET_RULES[field];
    check(field, input[field], pattern, what, maxLength);
  }
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
    const [pattern, what] = TARGET_RULES.chartVersion;
    check('chartVersion', input.chartVersion, pattern, what);
    args.push('--version', input.chartVersion);
  }
  args.push('--namespace', input.namespace, '--create-namespace');
  args.push('--set-string', `clusterId=${input.clusterId}`);
  args.push('--set-string', `hub.address=${input.hubGrpcAddress}`);
  // --set, not --set-string: hub.tls is a boolean in the chart's schema.
  if (input.hubTls === false) args.push('--set', 'hub.tls=false');
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

/**
 * The command ready to paste: one shell line per flag (for people reading it), or with
 * `layout: 'one-line'` a single line (for a JSON field, as the hub's admin API returns it).
 */
export function helmInstallCommand(
  input: HelmInstallInput,
  options: { layout?: 'lines' | 'one-line' } = {},
): string {
  const args = helmInstallArgs(input);
  if (options.layout === 'one-line') return ['helm', ...args].map(shellQuote).join(' ');
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

function problem(value: string, pattern: RegExp, what: string, maxLength = 255): string | null {
  if (typeof value === 'string' && value.length <= maxLength && pattern.test(value)) return null;
  return `must be ${what} (at most ${maxLength} characters)`;
}

function check(field: string, value: string, pattern: RegExp, what: string, maxLength = 255) {
  const found = problem(value, pattern, what, maxLength);
  if (found) {
    throw new HelmInstallInputError(
      `helmInstallCommand: ${field} ${JSON.stringify(value)} ${found}`,
    );
  }
}
