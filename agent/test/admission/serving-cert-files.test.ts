import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@curfew/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdmissionServer, startAdmissionServer } from '../../src/admission/index.js';
import {
  makeWebhookCertificates,
  readServingCert,
  type WebhookCertificates,
  watchServingCert,
} from '../../src/tls/index.js';
import { httpsCall, memoryLogger, POLICY } from '../support/admission.js';

let dir: string;
let first: WebhookCertificates;
let second: WebhookCertificates;

const files = () => ({ certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') });
async function mount(c: WebhookCertificates) {
  await writeFile(join(dir, 'tls.crt'), c.cert);
  await writeFile(join(dir, 'tls.key'), c.key);
}
const opts = { service: 'hook', namespace: 'curfew', extraHosts: ['127.0.0.1'] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'curfew-serving-cert-'));
  [first, second] = await Promise.all([
    makeWebhookCertificates(opts),
    makeWebhookCertificates(opts),
  ]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('serving certificate files', () => {
  it('every missing file is named, with what to mount', async () => {
    await expect(
      readServingCert({ certFile: join(dir, 'nope.crt'), keyFile: join(dir, 'nope.key') }),
    ).rejects.toThrow(
      /certificate \S*nope\.crt \(ENOENT\) and key \S*nope\.key \(ENOENT\): mount the webhook TLS Secret/,
    );
    await mount(first);
    await expect(
      readServingCert({ certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'nope.key') }),
    ).rejects.toThrow(/^Cannot read the webhook key \S*nope\.key \(ENOENT\): mount/);
  });

  it('a key that does not belong to the certificate is refused, naming both files', async () => {
    await writeFile(join(dir, 'tls.crt'), first.cert);
    await writeFile(join(dir, 'tls.key'), second.key);
    await expect(readServingCert(files())).rejects.toThrow(
      /tls\.key does not belong to the certificate .*tls\.crt/,
    );
  });

  it('a half-written renewal (new certificate, old key) is never applied', async () => {
    await mount(first);
    const tls = await readServingCert(files());
    const applied: string[] = [];
    const errors: string[] = [];
    const watch = watchServingCert(files(), tls, (next) => applied.push(next.cert), {
      intervalMs: 10,
      onError: (e) => errors.push(e.message),
    });
    try {
      await writeFile(join(dir, 'tls.crt'), second.cert);
      // Until the watcher's own signal (the test's timeout is the only deadline: load-proof).
      while (errors.length === 0) await new Promise((r) => setTimeout(r, 10));
      expect(applied).toEqual([]);
      expect(errors[0]).toContain('does not belong to the certificate');
      await writeFile(join(dir, 'tls.key'), second.key);
      while (applied.length === 0) await new Promise((r) => setTimeout(r, 10));
      expect(applied).toEqual([second.cert]);
    } finally {
      watch.stop();
    }
  }, 120_000);

  it('a renewed certificate on disk reaches the running server without a restart', async () => {
    await mount(first);
    const tls = await readServingCert(files());
    let server: AdmissionServer | undefined;
    let watch: { stop(): void } | undefined;
    try {
      server = await startAdmissionServer({
        port: 0,
        host: '127.0.0.1',
        tls,
        policy: POLICY,
        clock: systemClock,
        logger: memoryLogger(),
      });
      const running = server;
      const applied: string[] = [];
      watch = watchServingCert(
        files(),
        tls,
        (next) => {
          running.setTls(next);
          applied.push(next.cert);
        },
        { intervalMs: 20 },
      );
      expect(
        (await httpsCall(running.port, first.caCert, { method: 'GET', path: '/healthz' })).status,
      ).toBe(200);
      await mount(second);
      // Up to 10 s: on a loaded 2-core CI machine the 20 ms poll can be starved for seconds.
      for (let i = 0; i < 1000 && applied.length === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(applied.at(-1)).toBe(second.cert);
      expect(
        (await httpsCall(running.port, second.caCert, { method: 'GET', path: '/healthz' })).status,
      ).toBe(200);
    } finally {
      watch?.stop();
      await server?.close();
    }
  });
});
