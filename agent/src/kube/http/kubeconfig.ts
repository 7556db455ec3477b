import { dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { execCredentialToken } from './exec-credential.js';
import { KubeConnectionError, type KubeTarget } from './target.js';
import { fileToken } from './token-file.js';

/**
 * A kubeconfig file reduced to a KubeTarget, the way kubectl reads one: the current context's
 * cluster and user; file paths relative to the kubeconfig's own directory; `*-data` fields
 * base64. Supported credentials: token, tokenFile, client certificate, exec plugins (token
 * only). Not supported, refused with a message saying so: auth-provider plugins (removed from
 * kubectl in 1.26), basic auth (removed from the API server in 1.19), proxy-url.
 */
const execSchema = z
  .object({
    command: z.string().min(1),
    args: z.array(z.string()).nullish(),
    env: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
    apiVersion: z.string().min(1),
  })
  .loose();

const clusterSchema = z
  .object({
    server: z.string().min(1),
    'certificate-authority': z.string().nullish(),
    'certificate-authority-data': z.string().nullish(),
    'insecure-skip-tls-verify': z.boolean().nullish(),
    'tls-server-name': z.string().nullish(),
    'proxy-url': z.string().nullish(),
  })
  .loose();

const userSchema = z
  .object({
    token: z.string().nullish(),
    tokenFile: z.string().nullish(),
    'client-certificate': z.string().nullish(),
    'client-certificate-data': z.string().nullish(),
    'client-key': z.string().nullish(),
    'client-key-data': z.string().nullish(),
    exec: execSchema.nullish(),
    'auth-provider': z.unknown().optional(),
    username: z.string().nullish(),
    password: z.string().nullish(),
  })
  .loose();

const contextSchema = z.object({ cluster: z.string().min(1), user: z.string().nullish() }).loose();

// kubectl writes `users: null` for an empty list, so every list may be null.
const kubeconfigSchema = z
  .object({
    clusters: z.array(z.object({ name: z.string(), cluster: clusterSchema }).loose()).nullish(),
    users: z.array(z.object({ name: z.string(), user: userSchema.nullish() }).loose()).nullish(),
    contexts: z.array(z.object({ name: z.string(), context: contextSchema }).loose()).nullish(),
    'current-context': z.string().nullish(),
  })
  .loose();

export interface KubeconfigSource {
  /** The file's text. */
  text: string;
  /** The file's path: relative paths inside resolve against its directory; named in errors. */
  path: string;
  /** Reads a file the kubeconfig names (CA, client certificate, token file). */
  readFile: (path: string) => string;
  /** Another context than current-context. */
  context?: string;
}

export function parseKubeconfig(source: KubeconfigSource): KubeTarget {
  const where = `kubeconfig ${source.path}`;
  const fail = (problem: string): never => {
    throw new KubeConnectionError(`${where}: ${problem}`);
  };
  let raw: unknown;
  try {
    raw = parseYaml(source.text);
  } catch (error) {
    return fail(`is not YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = kubeconfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`);
  }
  const config = parsed.data;
  const contextName = source.context ?? config['current-context'] ?? '';
  if (!contextName) return fail('has no current-context; set one with kubectl config use-context');
  const context = (config.contexts ?? []).find((c) => c.name === contextName)?.context;
  if (!context) return fail(`has no context named "${contextName}"`);
  const cluster = (config.clusters ?? []).find((c) => c.name === context.cluster)?.cluster;
  if (!cluster)
    return fail(
      `context "${contextName}" names cluster "${context.cluster}", which it does not define`,
    );
  const userName = context.user ?? '';
  const listed = (config.users ?? []).find((u) => u.name === userName);
  // A context without a user is anonymous; a user entry with an empty body has no credentials.
  const user = userName ? (listed ? (listed.user ?? {}) : undefined) : {};
  if (!user)
    return fail(`context "${contextName}" names user "${userName}", which it does not define`);

  const resolvePath = (path: string) =>
    isAbsolute(path) ? path : join(dirname(source.path), path);
  const read = (field: string, path: string) => {
    try {
      return source.readFile(resolvePath(path));
    } catch (error) {
      return fail(`${field} ${path} cannot be read: ${(error as Error).message}`);
    }
  };
  const pem = (field: string, data: string | null | undefined, path: string | null | undefined) => {
    if (data) return Buffer.from(data, 'base64').toString('utf8');
    if (path) return read(field, path);
    return undefined;
  };

  if (!/^https?:\/\/[^/]/.test(cluster.server)) {
    fail(`cluster "${context.cluster}" server "${cluster.server}" must be an http(s):// URL`);
  }
  if (cluster['proxy-url']) {
    fail(
      `cluster "${context.cluster}" sets proxy-url, which the Curfew agent does not support; reach the API server directly`,
    );
  }
  if (user['auth-provider'] !== undefined && user['auth-provider'] !== null) {
    fail(
      `user "${userName}" uses an auth-provider plugin (removed in kubectl 1.26); use an exec plugin, a token or a client certificate`,
    );
  }
  if (user.username || user.password) {
    fail(
      `user "${userName}" uses basic auth (username/password), which Kubernetes removed in 1.19; use a token or a client certificate`,
    );
  }
  const cert = pem(
    'client-certificate',
    user['client-certificate-data'],
    user['client-certificate'],
  );
  const key = pem('client-key', user['client-key-data'], user['client-key']);
  if ((cert === undefined) !== (key === undefined)) {
    fail(
      `user "${userName}" has a client certificate without its key or a key without its certificate; set both`,
    );
  }
  const ca = pem(
    'certificate-authority',
    cluster['certificate-authority-data'],
    cluster['certificate-authority'],
  );

  let token: KubeTarget['token'] = async () => undefined;
  if (user.token) {
    const value = user.token;
    token = async () => value;
  } else if (user.tokenFile) {
    const path = resolvePath(user.tokenFile);
    read('tokenFile', user.tokenFile);
    token = fileToken(path, source.readFile);
  } else if (user.exec) {
    token = execCredentialToken({
      command: user.exec.command,
      args: user.exec.args ?? [],
      env: user.exec.env ?? [],
      apiVersion: user.exec.apiVersion,
      user: userName,
    });
  }
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined && key !== undefined ? { cert, key } : {}),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    ...(cluster['tls-server-name'] ? { tlsServerName: cluster['tls-server-name'] } : {}),
    token,
    source: `${where} (context ${contextName})`,
  };
}
