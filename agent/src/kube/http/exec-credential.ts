import { execFile } from 'node:child_process';

/**
 * A kubeconfig `exec` credential plugin (aws eks get-token, gke-gcloud-auth-plugin, kubelogin):
 * run the command, read the ExecCredential it prints, keep its token until it expires. Only
 * tokens: a plugin that answers with a client certificate is refused with a message, since the
 * TLS connection is set up once. The plugin is run non-interactively (the agent has no
 * terminal), with KUBERNETES_EXEC_INFO as client-go sets it.
 */
export interface ExecConfig {
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion: string;
  /** The kubeconfig user, named in errors. */
  user: string;
}

/** Re-run the plugin this long before the token's expirationTimestamp. */
const EXPIRY_MARGIN_MS = 30_000;
const PLUGIN_TIMEOUT_MS = 60_000;

interface ExecCredential {
  status?: {
    token?: string;
    expirationTimestamp?: string;
    clientCertificateData?: string;
  };
}

export type RunPlugin = (
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
) => Promise<string>;

const runPlugin: RunPlugin = (command, args, env) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: PLUGIN_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message.split('\n')[0]} ${stderr.trim()}`.trim()));
      else resolve(stdout);
    });
  });

export function execCredentialToken(
  exec: ExecConfig,
  run: RunPlugin = runPlugin,
  now: () => number = Date.now,
): () => Promise<string | undefined> {
  let token: string | undefined;
  let expiresAt = 0;
  let running: Promise<string> | undefined;
  const where = `kubeconfig user "${exec.user}" exec plugin ${exec.command}`;

  async function fetchToken(): Promise<string> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const { name, value } of exec.env) env[name] = value;
    env.KUBERNETES_EXEC_INFO = JSON.stringify({
      apiVersion: exec.apiVersion,
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
    let output: string;
    try {
      output = await run(exec.command, exec.args, env);
    } catch (error) {
      throw new Error(`${where} failed: ${(error as Error).message}`);
    }
    let credential: ExecCredential;
    try {
      credential = JSON.parse(output) as ExecCredential;
    } catch {
      throw new Error(
        `${where} printed something that is not an ExecCredential (JSON): ${output.slice(0, 200)}`,
      );
    }
    const status = credential.status ?? {};
    if (!status.token) {
      throw new Error(
        status.clientCertificateData
          ? `${where} answered with a client certificate; the Curfew agent takes tokens from exec plugins only (set client-certificate-data in the kubeconfig instead)`
          : `${where} printed an ExecCredential without status.token`,
      );
    }
    const expiry = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : Number.NaN;
    expiresAt = Number.isFinite(expiry) ? expiry - EXPIRY_MARGIN_MS : Number.POSITIVE_INFINITY;
    token = status.token;
    return token;
  }

  return async () => {
    if (token !== undefined && now() < expiresAt) return token;
    // Concurrent requests wait for one plugin run.
    running ??= fetchToken().finally(() => {
      running = undefined;
    });
    return running;
  };
}
