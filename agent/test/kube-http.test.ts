import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KubeError } from '../src/kube/errors.js';
import { KubeHttp, type KubeTarget, parseKubeconfig } from '../src/kube/http/index.js';
import { makeWebhookCertificates } from '../src/tls/index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A plain-HTTP server that records each request and answers with `answer`. */
async function serve(answer: (req: Seen, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      answer(entry, res);
    });
  });
  const port = await listen(server);
  return { seen, server, url: `http://127.0.0.1:${port}` };
}

function client(target: Partial<KubeTarget> & { server: string }) {
  const http = new KubeHttp({
    insecureSkipTlsVerify: false,
    token: async () => 'the-token',
    source: 'test',
    ...target,
  });
  cleanups.push(() => http.close());
  return http;
}

const json = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('the agent’s Kubernetes HTTP client', () => {
  it('sends the bearer token, JSON with its content type and the query, and parses the answer', async () => {
    const { seen, url } = await serve((_req, res) =>
      json(res, 200, { kind: 'Namespace', ok: true }),
    );
    const http = client({ server: url });
    const answer = await http.request('PATCH', '/api/v1/namespaces/dev', {
      body: { metadata: { annotations: { a: null } } },
      contentType: 'application/merge-patch+json',
      query: { fieldManager: 'curfew', unset: undefined },
    });
    expect(answer).toEqual({ kind: 'Namespace', ok: true });
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      url: '/api/v1/namespaces/dev?fieldManager=curfew',
      body: '{"metadata":{"annotations":{"a":null}}}',
      headers: {
        authorization: 'Bearer the-token',
        'content-type': 'application/merge-patch+json',
        accept: 'application/json',
        'user-agent': 'curfew-agent',
      },
    });
  });

  it('sends no Authorization header when there is no token', async () => {
    const { seen, url } = await serve((_req, res) => json(res, 200, {}));
    await client({ server: url, token: async () => undefined }).request('GET', '/version');
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it.each([
    {
      name: 'a Status object gives its message and reason',
      status: 409,
      body: JSON.stringify({
        kind: 'Status',
        message: 'the object has been modified',
        reason: 'Conflict',
      }),
      headers: {},
      expected: {
        status: 409,
        reason: 'Conflict',
        message: 'the object has been modified',
        retryAfterMs: undefined,
      },
    },
    {
      name: 'a 429 keeps its Retry-After',
      status: 429,
      body: JSON.stringify({
        kind: 'Status',
        message: 'too many requests',
        reason: 'TooManyRequests',
      }),
      headers: { 'Retry-After': '3' },
      expected: { status: 429, reason: 'TooManyRequests', retryAfterMs: 3000 },
    },
    {
      name: 'a body that is not a Status becomes the message',
      status: 502,
      body: 'Bad Gateway',
      headers: {},
      expected: { status: 502, reason: '', message: 'Bad Gateway' },
    },
    {
      name: 'an empty body says its status',
      status: 503,
      body: '',
      headers: {},
      expected: { status: 503, message: 'HTTP 503' },
    },
  ])('an error answer becomes a KubeError: $name', async ({ status, body, headers, expected }) => {
    const { url } = await serve((_req, res) => {
      res.writeHead(status, headers);
      res.end(body);
    });
    const failure = await client({ server: url })
      .request('GET', '/api/v1/namespaces/x')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubeError);
    expect(failure).toMatchObject(expected);
  });

  it('no answer at all is a KubeError with status 0, which retry logic treats as transient', async () => {
    const { server, url } = await serve(() => {});
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const failure = await client({ server: url })
      .request('GET', '/api/v1/namespaces')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubeError);
    expect(failure).toMatchObject({ status: 0, reason: 'ConnectionFailed' });
    expect((failure as Error).message).toMatch(/^request failed: .*ECONNREFUSED/);
  });

  it('keeps connections alive, sends a GET again when a kept connection turns out closed, and never a write', async () => {
    // The server drops a connection at its second request without answering: what a client
    // meets when it reuses a connection the server had just closed.
    const perSocket = new Map<unknown, number>();
    const { seen, url } = await serve((req, res) => {
      const socket = res.socket;
      const count = (perSocket.get(socket) ?? 0) + 1;
      perSocket.set(socket, count);
      if (count > 1) socket?.destroy();
      else json(res, 200, { method: req.method });
    });
    const http = client({ server: url });
    expect(await http.request('GET', '/a')).toEqual({ method: 'GET' });
    expect(await http.request('GET', '/b')).toEqual({ method: 'GET' });
    expect(seen.map((s) => s.url)).toEqual(['/a', '/b', '/b']);
    const write = await http.request('PATCH', '/c', { body: {} }).catch((error: unknown) => error);
    expect(write).toMatchObject({ status: 0, reason: 'ConnectionFailed' });
    expect(seen.filter((s) => s.url === '/c')).toHaveLength(1);
  });
});

describe('the agent’s Kubernetes HTTP client over TLS', () => {
  async function tlsServer(extra: { requestCert?: boolean } = {}) {
    const certs = await makeWebhookCertificates({
      service: 'kube-api',
      namespace: 'test',
      extraHosts: ['127.0.0.1'],
      days: 1,
    });
    const clientCert = signClientCert(certs.caCert, certs.caKey, 'curfew-agent');
    const server = createHttpsServer(
      {
        cert: certs.cert,
        key: certs.key,
        ca: certs.caCert,
        requestCert: extra.requestCert ?? false,
        rejectUnauthorized: extra.requestCert ?? false,
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        json(res, 200, { user: peer?.subject?.CN ?? null });
      },
    );
    const port = await listen(server);
    return { certs, clientCert, url: `https://127.0.0.1:${port}` };
  }

  it('verifies the server against the kubeconfig’s CA and presents its client certificate', async () => {
    const { certs, clientCert, url } = await tlsServer({ requestCert: true });
    const target = parseKubeconfig({
      text: stringify({
        clusters: [
          { name: 'c', cluster: { server: url, 'certificate-authority-data': b64(certs.caCert) } },
        ],
        users: [
          {
            name: 'u',
            user: {
              'client-certificate-data': b64(clientCert.cert),
              'client-key-data': b64(clientCert.key),
            },
          },
        ],
        contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'ctx',
      }),
      path: '/tmp/kubeconfig',
      readFile: () => '',
    });
    const http = new KubeHttp(target);
    cleanups.push(() => http.close());
    expect(await http.request('GET', '/whoami')).toEqual({ user: 'curfew-agent' });
  });

  it('refuses a server its CA did not sign, unless insecure-skip-tls-verify is set', async () => {
    const { url } = await tlsServer();
    const other = await makeWebhookCertificates({ service: 'other', namespace: 'test', days: 1 });
    const failure = await client({ server: url, ca: other.caCert })
      .request('GET', '/whoami')
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 0, reason: 'ConnectionFailed' });
    expect((failure as Error).message).toMatch(/certificate/);
    expect(
      await client({ server: url, insecureSkipTlsVerify: true }).request('GET', '/whoami'),
    ).toEqual({ user: null });
  });
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A client certificate (extendedKeyUsage clientAuth) signed by the given CA, with openssl. */
function signClientCert(caCert: string, caKey: string, commonName: string) {
  const dir = mkdtempSync(join(tmpdir(), 'curfew-client-cert-'));
  try {
    writeFileSync(join(dir, 'ca.crt'), caCert);
    writeFileSync(join(dir, 'ca.key'), caKey);
    writeFileSync(
      join(dir, 'client.cnf'),
      '[client]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = clientAuth\n',
    );
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run(
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      `/CN=${commonName}`,
      '-keyout',
      'client.key',
      '-out',
      'client.csr',
    );
    run(
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'client.cnf',
      '-extensions',
      'client',
      '-out',
      'client.crt',
    );
    return {
      cert: readFileSync(join(dir, 'client.crt'), 'utf8'),
      key: readFileSync(join(dir, 'client.key'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
