import { X509Certificate } from 'node:crypto';
import { AGENT_WEBHOOKS } from '@curfew/contracts';
import { ANNOTATIONS, DURATION_FORMS, validityAt } from '@curfew/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdmissionServer, startAdmissionServer } from '../../src/admission/index.js';
import { makeWebhookCertificates, type WebhookCertificates } from '../../src/tls/index.js';
import { admissionReview, httpsCall, memoryLogger, POLICY } from '../support/admission.js';

const NOW = Date.parse('2026-11-04T12:00:00Z');
const hooks = AGENT_WEBHOOKS;
const MUTATE = hooks.mutating.path;
const VALIDATE = hooks.validating.path;

let certs: WebhookCertificates;
let server: AdmissionServer;
const logger = memoryLogger();

beforeAll(async () => {
  certs = await makeWebhookCertificates({
    service: 'curfew-agent-webhook',
    namespace: 'curfew-system',
    extraHosts: ['127.0.0.1', 'localhost'],
  });
  server = await startAdmissionServer({
    port: 0,
    host: '127.0.0.1',
    tls: { cert: certs.cert, key: certs.key },
    policy: POLICY,
    clock: { now: () => NOW },
    logger,
    maxBodyBytes: 64 * 1024,
  });
});
afterAll(async () => {
  await server?.close();
});

const deployment = (annotations: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'dev' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' }, annotations }, spec: { containers: [] } },
  },
});

function review(uid: string, object: unknown, kind = 'Deployment', group = 'apps') {
  return admissionReview({
    uid,
    kind: { group, version: 'v1', kind },
    resource: { group, version: 'v1', resource: `${kind.toLowerCase()}s` },
    namespace: 'dev',
    name: 'web',
    operation: 'CREATE',
    object,
    oldObject: null,
    dryRun: false,
  });
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  httpsCall(server.port, certs.caCert, { path: `${path}?timeout=5s`, body, headers });

describe('the admission server answers AdmissionReview v1 over HTTPS', () => {
  it('stamps a timer with a base64 JSONPatch and echoes the uid', async () => {
    const r = await post(MUTATE, review('uid-1', deployment({ [ANNOTATIONS.timer]: '1m' })));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'uid-1', allowed: true, patchType: 'JSONPatch' },
    });
    const validity = validityAt(NOW / 1000 + 60);
    expect(JSON.parse(Buffer.from(body.response.patch, 'base64').toString('utf8'))).toEqual([
      {
        op: 'add',
        path: '/spec/template/metadata/annotations/curfew.dev~1valid-until',
        value: String(validity.validUntil),
      },
      {
        op: 'add',
        path: '/spec/template/metadata/annotations/curfew.dev~1valid-until-human',
        value: validity.validUntilHuman,
      },
    ]);
  });

  it('allows without a patch when there is nothing to stamp', async () => {
    const r = await post(MUTATE, review('uid-2', deployment({})));
    expect(JSON.parse(r.body).response).toEqual({ uid: 'uid-2', allowed: true });
  });

  it('refuses an expired Pod on the validate path with a Status saying how to extend', async () => {
    const pod = {
      kind: 'Pod',
      metadata: {
        name: 'web',
        namespace: 'dev',
        annotations: {
          [ANNOTATIONS.validUntil]: String(NOW / 1000 - 1),
          [ANNOTATIONS.sku]: '/tribe/app',
        },
      },
      spec: { containers: [] },
    };
    const r = await post(VALIDATE, review('uid-3', pod, 'Pod', ''));
    const { response } = JSON.parse(r.body);
    expect(response).toMatchObject({
      uid: 'uid-3',
      allowed: false,
      status: { code: 403, reason: 'Forbidden' },
    });
    expect(response.status.message).toContain('Pod dev/web expired at 2026-11-04T11:59:59Z');
    expect(response.status.message).toContain('`/devenv extend /tribe/app 1h`');
    expect(
      logger.lines.some((l) => l.startsWith('info admission: refused: Pod dev/web expired')),
    ).toBe(true);
  });

  it('refuses a bad timer with the accepted forms', async () => {
    const r = await post(MUTATE, review('uid-4', deployment({ [ANNOTATIONS.timer]: 'a while' })));
    const { response } = JSON.parse(r.body);
    expect(response).toMatchObject({ uid: 'uid-4', allowed: false, status: { code: 400 } });
    expect(response.status.message).toContain(DURATION_FORMS);
  });

  it('serves the paths of the webhook contract, which differ', () => {
    expect(MUTATE).not.toBe(VALIDATE);
  });
});

describe('the admission server refuses bad requests with a clear message', () => {
  it.each([
    {
      name: 'a body that is not JSON gets 400',
      body: '{"apiVersion":',
      status: 400,
      says: 'The body is not JSON',
    },
    { name: 'a JSON array gets 400', body: '[]', status: 400, says: 'not a JSON object' },
    {
      name: 'a v1beta1 review gets 400 naming admissionReviewVersions',
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1beta1',
        kind: 'AdmissionReview',
        request: {},
      }),
      status: 400,
      says: 'admissionReviewVersions [v1]',
    },
    {
      name: 'a review without a request gets 400',
      body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }),
      status: 400,
      says: 'request is missing',
    },
    {
      name: 'a request without a uid gets 400 naming the field',
      body: admissionReview({
        kind: { group: '', version: 'v1', kind: 'Pod' },
        operation: 'CREATE',
      }),
      status: 400,
      says: 'request.uid is missing',
    },
    {
      name: 'a request without a kind gets 400',
      body: admissionReview({ uid: 'x', operation: 'CREATE' }),
      status: 400,
      says: 'request.kind is missing',
    },
    {
      name: 'a body over the limit gets 413',
      body: admissionReview({ uid: 'x', padding: 'x'.repeat(70 * 1024) }),
      status: 413,
      says: 'larger than 65536 bytes',
    },
  ])('$name', async ({ body, status, says }) => {
    const r = await post(MUTATE, body);
    expect(r.status).toBe(status);
    expect(r.body).toContain(says);
  });

  it('a body over the limit sent in chunks without a length gets 413', async () => {
    const r = await httpsCall(server.port, certs.caCert, {
      path: VALIDATE,
      body: Buffer.alloc(100 * 1024, 32),
      headers: { 'Transfer-Encoding': 'chunked' },
    });
    expect(r.status).toBe(413);
  });

  it.each([
    {
      name: 'an unknown path gets 404 listing the webhook paths',
      method: 'POST',
      path: '/mutate',
      status: 404,
      says: MUTATE,
    },
    {
      name: 'GET on a webhook path gets 405',
      method: 'GET',
      path: VALIDATE,
      status: 405,
      says: 'Use POST',
    },
    { name: '/healthz answers ok', method: 'GET', path: '/healthz', status: 200, says: 'ok' },
  ])('$name', async ({ method, path, status, says }) => {
    const r = await httpsCall(server.port, certs.caCert, { method, path });
    expect(r.status).toBe(status);
    expect(r.body).toContain(says);
  });

  it('a body that is not JSON by Content-Type gets 415', async () => {
    const r = await post(MUTATE, 'uid=1', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
  });
});

describe('the admission server TLS', () => {
  it('is trusted for the Service DNS name through the generated CA', async () => {
    const r = await httpsCall(server.port, certs.caCert, {
      method: 'GET',
      path: '/healthz',
      servername: 'curfew-agent-webhook.curfew-system.svc',
    });
    expect(r.status).toBe(200);
  });

  it('is refused by a client that trusts another CA', async () => {
    const other = await makeWebhookCertificates({
      service: 'other',
      namespace: 'x',
      extraHosts: ['127.0.0.1'],
    });
    await expect(
      httpsCall(server.port, other.caCert, { method: 'GET', path: '/healthz' }),
    ).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });

  it('serves a rotated certificate to new connections after setTls', async () => {
    const rotated = await makeWebhookCertificates({
      service: 'curfew-agent-webhook',
      namespace: 'curfew-system',
      extraHosts: ['127.0.0.1'],
    });
    server.setTls({ cert: rotated.cert, key: rotated.key });
    try {
      const r = await httpsCall(server.port, rotated.caCert, { method: 'GET', path: '/healthz' });
      expect(r.status).toBe(200);
      await expect(
        httpsCall(server.port, certs.caCert, { method: 'GET', path: '/healthz' }),
      ).rejects.toThrow();
    } finally {
      server.setTls({ cert: certs.cert, key: certs.key });
    }
    expect(new X509Certificate(rotated.cert).checkIssued(new X509Certificate(certs.caCert))).toBe(
      false,
    );
  });
});
