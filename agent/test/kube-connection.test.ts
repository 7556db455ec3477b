import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { execCredentialToken } from '../src/kube/http/exec-credential.js';
import { inClusterTarget } from '../src/kube/http/in-cluster.js';
import { parseKubeconfig } from '../src/kube/http/kubeconfig.js';
import { resolveKubeTarget } from '../src/kube/http/resolve.js';
import { fileToken } from '../src/kube/http/token-file.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A kubeconfig with one cluster `c`, user `u` and context `ctx`, current; parts overridable. */
function kubeconfig(
  cluster: Record<string, unknown> = { server: 'https://api.example:6443' },
  user: Record<string, unknown> | null = { token: 'secret' },
  extra: Record<string, unknown> = {},
) {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster }],
    users: user === null ? null : [{ name: 'u', user }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'ctx',
    ...extra,
  });
}

/** Files the kubeconfig may name, by absolute path. */
function files(entries: Record<string, string> = {}) {
  return (path: string) => {
    const text = entries[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
}

const parse = (text: string, readFile = files(), context?: string) =>
  parseKubeconfig({
    text,
    path: '/home/dev/.kube/config',
    readFile,
    ...(context ? { context } : {}),
  });

describe('a kubeconfig reduced to the agent’s connection', () => {
  it.each([
    {
      name: 'a token user sends its token to the current context’s server, without a trailing slash',
      text: kubeconfig({ server: 'https://api.example:6443/' }),
      expected: {
        server: 'https://api.example:6443',
        insecureSkipTlsVerify: false,
        token: 'secret',
      },
    },
    {
      name: 'inline *-data fields are base64-decoded PEM',
      text: kubeconfig(
        { server: 'https://api.example', 'certificate-authority-data': b64('CA PEM') },
        { 'client-certificate-data': b64('CERT PEM'), 'client-key-data': b64('KEY PEM') },
      ),
      expected: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM', token: undefined },
    },
    {
      name: 'relative file paths are read from the kubeconfig’s own directory, absolute ones as they are',
      text: kubeconfig(
        { server: 'https://api.example', 'certificate-authority': 'certs/ca.crt' },
        { 'client-certificate': '/etc/pki/me.crt', 'client-key': 'me.key' },
      ),
      readFile: files({
        '/home/dev/.kube/certs/ca.crt': 'CA FILE',
        '/etc/pki/me.crt': 'CERT FILE',
        '/home/dev/.kube/me.key': 'KEY FILE',
      }),
      expected: { ca: 'CA FILE', cert: 'CERT FILE', key: 'KEY FILE' },
    },
    {
      name: 'a tokenFile is read for the token (trimmed)',
      text: kubeconfig(undefined, { tokenFile: 'token' }),
      readFile: files({ '/home/dev/.kube/token': 'from-file\n' }),
      expected: { token: 'from-file' },
    },
    {
      name: 'insecure-skip-tls-verify and tls-server-name are kept',
      text: kubeconfig({
        server: 'https://10.0.0.1',
        'insecure-skip-tls-verify': true,
        'tls-server-name': 'kubernetes.default',
      }),
      expected: { insecureSkipTlsVerify: true, tlsServerName: 'kubernetes.default' },
    },
    {
      name: 'a context without a user is anonymous',
      text: stringify({
        clusters: [{ name: 'c', cluster: { server: 'http://127.0.0.1:8080' } }],
        contexts: [{ name: 'ctx', context: { cluster: 'c' } }],
        'current-context': 'ctx',
      }),
      expected: { server: 'http://127.0.0.1:8080', token: undefined },
    },
  ])('$name', async ({ text, readFile, expected }) => {
    const target = parse(text, readFile);
    const { token: expectedToken, ...fields } = expected as Record<string, unknown>;
    expect(target).toMatchObject(fields);
    if ('token' in expected) expect(await target.token()).toBe(expectedToken);
    expect(target.source).toBe('kubeconfig /home/dev/.kube/config (context ctx)');
  });

  it('another context than current-context can be chosen', () => {
    const text = stringify({
      clusters: [
        { name: 'a', cluster: { server: 'https://a.example' } },
        { name: 'b', cluster: { server: 'https://b.example' } },
      ],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [
        { name: 'first', context: { cluster: 'a', user: 'u' } },
        { name: 'second', context: { cluster: 'b', user: 'u' } },
      ],
      'current-context': 'first',
    });
    expect(parse(text, files(), 'second').server).toBe('https://b.example');
  });

  it.each([
    { name: 'not YAML', text: 'clusters: [', problem: 'is not YAML' },
    {
      name: 'no current-context',
      text: kubeconfig(undefined, undefined, { 'current-context': '' }),
      problem: 'has no current-context; set one with kubectl config use-context',
    },
    {
      name: 'a current-context it does not define',
      text: kubeconfig(undefined, undefined, { 'current-context': 'prod' }),
      problem: 'has no context named "prod"',
    },
    {
      name: 'a context naming a missing cluster',
      text: kubeconfig(undefined, undefined, {
        contexts: [{ name: 'ctx', context: { cluster: 'gone', user: 'u' } }],
      }),
      problem: 'context "ctx" names cluster "gone", which it does not define',
    },
    {
      name: 'a context naming a missing user (users: null, as kubectl writes an empty list)',
      text: kubeconfig(undefined, null),
      problem: 'context "ctx" names user "u", which it does not define',
    },
    {
      name: 'a server that is not an http(s) URL',
      text: kubeconfig({ server: 'api.example:6443' }),
      problem: 'cluster "c" server "api.example:6443" must be an http(s):// URL',
    },
    {
      name: 'a cluster without a server',
      text: kubeconfig({}),
      problem: 'clusters.0.cluster.server',
    },
    {
      name: 'a proxy-url',
      text: kubeconfig({ server: 'https://a', 'proxy-url': 'http://proxy:3128' }),
      problem: 'sets proxy-url, which the Curfew agent does not support',
    },
    {
      name: 'an auth-provider plugin',
      text: kubeconfig(undefined, { 'auth-provider': { name: 'gcp' } }),
      problem: 'uses an auth-provider plugin (removed in kubectl 1.26); use an exec plugin',
    },
    {
      name: 'basic auth',
      text: kubeconfig(undefined, { username: 'admin', password: 'x' }),
      problem: 'uses basic auth (username/password), which Kubernetes removed in 1.19',
    },
    {
      name: 'a client certificate without its key',
      text: kubeconfig(undefined, { 'client-certificate-data': b64('CERT') }),
      problem: 'has a client certificate without its key or a key without its certificate',
    },
    {
      name: 'a CA file it cannot read',
      text: kubeconfig({ server: 'https://a', 'certificate-authority': 'missing.crt' }),
      problem: 'certificate-authority missing.crt cannot be read: ENOENT',
    },
    {
      name: 'a tokenFile it cannot read',
      text: kubeconfig(undefined, { tokenFile: '/var/run/token' }),
      problem: 'tokenFile /var/run/token cannot be read',
    },
  ])('refuses a kubeconfig with $name, saying what to fix', ({ text, problem }) => {
    expect(() => parse(text)).toThrow(`kubeconfig /home/dev/.kube/config: `);
    expect(() => parse(text)).toThrow(problem);
  });
});

describe('a token file', () => {
  it('is re-read once a minute, as client-go does, so a rotated service-account token is picked up', async () => {
    let contents = 'first';
    let reads = 0;
    let now = 0;
    const token = fileToken(
      '/t',
      () => {
        reads += 1;
        return contents;
      },
      () => now,
    );
    expect(await token()).toBe('first');
    contents = 'rotated';
    now = 59_999;
    expect(await token()).toBe('first');
    now = 60_000;
    expect(await token()).toBe('rotated');
    expect(reads).toBe(2);
  });

  it('keeps the last token when a re-read fails, and fails only when it never had one', async () => {
    let now = 0;
    let fail = false;
    const read = () => {
      if (fail) throw new Error('EIO');
      return 'kept';
    };
    const token = fileToken('/t', read, () => now);
    expect(await token()).toBe('kept');
    fail = true;
    now = 120_000;
    expect(await token()).toBe('kept');
    await expect(fileToken('/gone', read)()).rejects.toThrow(
      'cannot read the token file /gone: EIO',
    );
  });
});

describe('an exec credential plugin', () => {
  const exec = {
    command: 'get-token',
    args: ['--cluster', 'c'],
    env: [{ name: 'REGION', value: 'eu' }],
    apiVersion: 'client.authentication.k8s.io/v1',
    user: 'u',
  };
  const credential = (status: Record<string, unknown>) =>
    JSON.stringify({ kind: 'ExecCredential', status });

  it('runs the command non-interactively with its args and env, and keeps the token until shortly before it expires', async () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    const runs: { args: string[]; env: NodeJS.ProcessEnv }[] = [];
    const token = execCredentialToken(
      exec,
      async (_command, args, env) => {
        runs.push({ args, env });
        return credential({
          token: `t${runs.length}`,
          expirationTimestamp: '2026-12-04T10:15:00Z',
        });
      },
      () => now,
    );
    expect(await Promise.all([token(), token()])).toEqual(['t1', 't1']);
    now = Date.parse('2026-12-04T10:14:00Z');
    expect(await token()).toBe('t1');
    now = Date.parse('2026-12-04T10:14:31Z');
    expect(await token()).toBe('t2');
    expect(runs).toHaveLength(2);
    expect(runs[0]?.args).toEqual(['--cluster', 'c']);
    expect(runs[0]?.env.REGION).toBe('eu');
    expect(JSON.parse(runs[0]?.env.KUBERNETES_EXEC_INFO ?? '')).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
  });

  it.each([
    {
      name: 'a client certificate instead of a token',
      output: credential({ clientCertificateData: 'PEM' }),
      problem:
        'answered with a client certificate; the Curfew agent takes tokens from exec plugins only',
    },
    {
      name: 'no token',
      output: credential({}),
      problem: 'printed an ExecCredential without status.token',
    },
    {
      name: 'something that is not JSON',
      output: 'Please log in',
      problem: 'printed something that is not an ExecCredential (JSON): Please log in',
    },
  ])('refuses $name', async ({ output, problem }) => {
    const token = execCredentialToken(exec, async () => output);
    await expect(token()).rejects.toThrow(`kubeconfig user "u" exec plugin get-token ${problem}`);
  });

  it('says which plugin failed and why', async () => {
    const token = execCredentialToken(exec, async () => {
      throw new Error('spawn get-token ENOENT');
    });
    await expect(token()).rejects.toThrow(
      'kubeconfig user "u" exec plugin get-token failed: spawn get-token ENOENT',
    );
  });
});

describe('the pod’s own service account', () => {
  const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
  const mounted = files({ [`${dir}/ca.crt`]: 'CLUSTER CA', [`${dir}/token`]: 'sa-token\n' });

  it.each([
    {
      name: 'an IPv4 service address',
      host: '10.96.0.1',
      port: '443',
      server: 'https://10.96.0.1:443',
    },
    {
      name: 'an IPv6 one, bracketed',
      host: 'fd00::1',
      port: '6443',
      server: 'https://[fd00::1]:6443',
    },
    { name: 'no port: 443', host: '10.96.0.1', port: undefined, server: 'https://10.96.0.1:443' },
  ])(
    'reaches the API server at KUBERNETES_SERVICE_HOST/PORT: $name',
    async ({ host, port, server }) => {
      const target = inClusterTarget(
        { KUBERNETES_SERVICE_HOST: host, ...(port ? { KUBERNETES_SERVICE_PORT: port } : {}) },
        mounted,
      );
      expect(target).toMatchObject({
        server,
        ca: 'CLUSTER CA',
        insecureSkipTlsVerify: false,
        source: 'in-cluster service account',
      });
      expect(await target?.token()).toBe('sa-token');
    },
  );

  it('is not used outside a pod', () => {
    expect(inClusterTarget({}, mounted)).toBeUndefined();
  });

  it('says to keep the token mounted when it is not', () => {
    expect(() => inClusterTarget({ KUBERNETES_SERVICE_HOST: '10.96.0.1' }, files())).toThrow(
      `running in a pod (KUBERNETES_SERVICE_HOST is set) but the service account is not mounted in ${dir}`,
    );
  });
});

describe('choosing the connection', () => {
  it('takes KUBECONFIG when set, and refuses a list of files', () => {
    const readFile = files({ '/k/config': kubeconfig() });
    expect(resolveKubeTarget('/k/config', {}, readFile).server).toBe('https://api.example:6443');
    expect(() => resolveKubeTarget('/a:/b', {}, readFile)).toThrow(
      'KUBECONFIG lists several files (/a:/b); the Curfew agent reads one',
    );
    expect(() => resolveKubeTarget('/k/missing', {}, readFile)).toThrow(
      'cannot read the kubeconfig /k/missing',
    );
  });

  it('says how to connect when there is neither a pod nor a kubeconfig', () => {
    expect(() => resolveKubeTarget(undefined, { HOME: '/nonexistent-home' }, files())).toThrow(
      'no Kubernetes connection: not in a pod (KUBERNETES_SERVICE_HOST is unset), KUBECONFIG is unset and /nonexistent-home/.kube/config does not exist; set KUBECONFIG to a kubeconfig file',
    );
  });
});
