import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, createServer, type Server } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeWebhookCertificates,
  type WebhookCertificates,
  webhookServiceHosts,
} from '../../src/tls/index.js';

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, '../../../scripts/make-webhook-certs');

let certs: WebhookCertificates;
let server: Server;
let port: number;

beforeAll(async () => {
  certs = await makeWebhookCertificates({
    service: 'curfew-agent-webhook',
    namespace: 'curfew-system',
    extraHosts: ['127.0.0.1', 'localhost'],
    days: 30,
  });
  server = createServer({ cert: certs.cert, key: certs.key }, (socket) => socket.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

/** A TLS handshake to the test server, verifying the certificate for `name` against `ca`. */
function handshake(name: string, ca: string): Promise<void> {
  return new Promise((ok, fail) => {
    const isIp = /^[\d.]+$/.test(name);
    const socket = connect(
      { host: '127.0.0.1', port, ca, ...(isIp ? {} : { servername: name }) },
      () => {
        socket.end();
        ok();
      },
    );
    socket.on('error', fail);
  });
}

describe('the webhook serving certificate', () => {
  it.each([
    { name: 'the bare Service name is trusted', host: 'curfew-agent-webhook' },
    {
      name: 'the Service name with its namespace is trusted',
      host: 'curfew-agent-webhook.curfew-system',
    },
    {
      name: 'the .svc name the API server dials is trusted',
      host: 'curfew-agent-webhook.curfew-system.svc',
    },
    {
      name: 'the fully qualified cluster name is trusted',
      host: 'curfew-agent-webhook.curfew-system.svc.cluster.local',
    },
    { name: 'localhost is trusted for tests', host: 'localhost' },
    { name: '127.0.0.1 is trusted for tests', host: '127.0.0.1' },
  ])('$name', async ({ host }) => {
    await expect(handshake(host, certs.caCert)).resolves.toBeUndefined();
  });

  it('is not trusted for another Service', async () => {
    await expect(handshake('other.curfew-system.svc', certs.caCert)).rejects.toThrow(
      /altnames|Hostname/i,
    );
  });

  it('lists exactly the Service names and the extra hosts', () => {
    expect(certs.hosts).toEqual([
      ...webhookServiceHosts('curfew-agent-webhook', 'curfew-system'),
      '127.0.0.1',
      'localhost',
    ]);
  });

  it('is a server certificate signed by a CA that is only a CA', () => {
    const ca = new X509Certificate(certs.caCert);
    const leaf = new X509Certificate(certs.cert);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // extendedKeyUsage serverAuth
    expect(leaf.checkPrivateKey(createPrivateKey(certs.key))).toBe(true);
  });

  it('is valid for the requested number of days', () => {
    const leaf = new X509Certificate(certs.cert);
    const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(30);
  });
});

describe('bad certificate requests say what to pass', () => {
  it.each([
    {
      name: 'an upper-case Service name is refused',
      opts: { service: 'Webhook', namespace: 'ns' },
      says: "service name 'Webhook' has upper-case letters",
    },
    {
      name: 'an empty namespace is refused',
      opts: { service: 'webhook', namespace: '' },
      says: 'The namespace is empty',
    },
    {
      name: 'an extra host that is no host name is refused',
      opts: { service: 'webhook', namespace: 'ns', extraHosts: ['not a host'] },
      says: "'not a host' is neither an IP address nor a host name",
    },
    {
      name: 'zero days is refused',
      opts: { service: 'webhook', namespace: 'ns', days: 0 },
      says: 'at least 1',
    },
    {
      name: 'a missing openssl binary is named',
      opts: { service: 'webhook', namespace: 'ns', openssl: '/nonexistent/openssl' },
      says: "'/nonexistent/openssl' was not found",
    },
  ])('$name', async ({ opts, says }) => {
    await expect(makeWebhookCertificates(opts)).rejects.toThrow(says);
  });
});

describe('scripts/make-webhook-certs', () => {
  it('writes ca.crt, tls.crt and a private tls.key for the Service', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'curfew-certs-test-'));
    try {
      const out = join(dir, 'certs');
      const { stdout } = await run(SCRIPT, [
        '--service',
        'hook',
        '--namespace',
        'curfew',
        '--host',
        '127.0.0.1',
        out,
      ]);
      expect(stdout).toContain('hook.curfew.svc');
      const [ca, crt] = await Promise.all([
        readFile(join(out, 'ca.crt'), 'utf8'),
        readFile(join(out, 'tls.crt'), 'utf8'),
      ]);
      const leaf = new X509Certificate(crt);
      expect(leaf.checkIssued(new X509Certificate(ca))).toBe(true);
      expect(leaf.subjectAltName).toContain('DNS:hook.curfew.svc.cluster.local');
      expect(leaf.subjectAltName).toContain('IP Address:127.0.0.1');
      expect(
        leaf.checkPrivateKey(createPrivateKey(await readFile(join(out, 'tls.key'), 'utf8'))),
      ).toBe(true);
      expect((await stat(join(out, 'tls.key'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without the Service name it exits 2 with the usage', async () => {
    const failure = await run(SCRIPT, ['--namespace', 'curfew', '/tmp/never']).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('missing --service');
    expect((failure as { stderr: string }).stderr).toContain('usage: scripts/make-webhook-certs');
  });
});
