import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim, TlsMaterial } from '../src/index.js';
import { generateServingCert, startKubeSim } from '../src/index.js';
import { raw } from './helpers.js';

type Review = {
  request: {
    uid: string;
    operation: string;
    object: { metadata: { name: string; labels?: Record<string, string> } };
    namespace?: string;
    kind: { kind: string };
  };
};
type Answer = (r: Review) => Record<string, unknown> | 'hang';

let sim: KubeSim;
let tls: TlsMaterial;
let otherCa: TlsMaterial;
let server: Server;
let hookUrl: string;
const answers = new Map<string, Answer>();
const calls: Array<{ path: string; review: Review }> = [];

beforeAll(async () => {
  tls = generateServingCert(['127.0.0.1']);
  otherCa = generateServingCert(['127.0.0.1']);
  server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const review = JSON.parse(body) as Review;
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      calls.push({ path, review });
      const answer = answers.get(path)?.(review) ?? { allowed: true };
      if (answer === 'hang') return;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          apiVersion: 'admission.k8s.io/v1',
          kind: 'AdmissionReview',
          response: { uid: review.request.uid, ...answer },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  hookUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim = await startKubeSim();
  await raw(sim.url, 'POST', '/api/v1/namespaces', {
    metadata: { name: 'guarded', labels: { 'curfew.dev/managed': 'true' } },
  });
  await raw(sim.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'free' } });
});
afterAll(async () => {
  await sim?.stop();
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

function hook(name: string, path: string, extra: Record<string, unknown> = {}, ca = tls.caPem) {
  return {
    name,
    clientConfig: { url: `${hookUrl}${path}`, caBundle: Buffer.from(ca).toString('base64') },
    rules: [
      { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] },
    ],
    namespaceSelector: { matchLabels: { 'curfew.dev/managed': 'true' } },
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    ...extra,
  };
}

async function register(kind: 'mutating' | 'validating', name: string, webhooks: unknown[]) {
  const plural = `${kind}webhookconfigurations`;
  await raw(sim.url, 'DELETE', `/apis/admissionregistration.k8s.io/v1/${plural}/${name}`);
  const r = await raw(sim.url, 'POST', `/apis/admissionregistration.k8s.io/v1/${plural}`, {
    metadata: { name },
    webhooks,
  });
  expect(r.status).toBe(201);
}

async function clearHooks() {
  for (const p of ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations']) {
    await raw(sim.url, 'DELETE', `/apis/admissionregistration.k8s.io/v1/${p}`);
  }
  answers.clear();
  calls.length = 0;
}

const createCm = (ns: string, name: string, labels: Record<string, string> = {}) =>
  raw(sim.url, 'POST', `/api/v1/namespaces/${ns}/configmaps`, {
    metadata: { name, labels },
    data: { a: '1' },
  });

describe('admission webhooks', () => {
  it('applies a mutating webhook JSONPatch, and the validating webhook sees the mutated object', async () => {
    await clearHooks();
    const patch = [
      {
        op: 'add',
        path: '/metadata/annotations',
        value: { 'curfew.dev/valid-until': '2030-01-01T00:00:00Z' },
      },
    ];
    answers.set('/mutate', () => ({
      allowed: true,
      patchType: 'JSONPatch',
      patch: Buffer.from(JSON.stringify(patch)).toString('base64'),
    }));
    answers.set('/validate', (r) => ({
      allowed: JSON.stringify(r.request.object).includes('valid-until'),
    }));
    await register('mutating', 'm', [hook('mutate.curfew.dev', '/mutate')]);
    await register('validating', 'v', [hook('validate.curfew.dev', '/validate')]);
    const r = await createCm('guarded', 'stamped');
    expect(r.status).toBe(201);
    expect(
      (r.body as { metadata: { annotations: Record<string, string> } }).metadata.annotations,
    ).toEqual({
      'curfew.dev/valid-until': '2030-01-01T00:00:00Z',
    });
    expect(calls.map((c) => c.path)).toEqual(['/mutate', '/validate']);
    expect(calls[0]?.review.request).toMatchObject({
      operation: 'CREATE',
      namespace: 'guarded',
      kind: { kind: 'ConfigMap' },
    });
  });

  // AdmissionRequest.options carries the request's options as sent; a PATCH arrives as
  // UpdateOptions (patchToUpdateOptions keeps dryRun, fieldManager, fieldValidation).
  it('passes the client options: CreateOptions on create, UpdateOptions for a patch, DeleteOptions', async () => {
    await clearHooks();
    const everything = [
      {
        operations: ['CREATE', 'UPDATE', 'DELETE'],
        apiGroups: [''],
        apiVersions: ['v1'],
        resources: ['configmaps'],
      },
    ];
    await register('validating', 'opts', [hook('opts.curfew.dev', '/opts', { rules: everything })]);
    const base = '/api/v1/namespaces/guarded/configmaps';
    await raw(sim.url, 'POST', `${base}?fieldManager=curfew&fieldValidation=Strict`, {
      metadata: { name: 'opts' },
    });
    await raw(
      sim.url,
      'PATCH',
      `${base}/opts?fieldManager=curfew&dryRun=All`,
      { data: { b: '2' } },
      'application/merge-patch+json',
    );
    await raw(sim.url, 'DELETE', `${base}/opts`, { propagationPolicy: 'Background' });
    const options = calls.map((c) => (c.review.request as { options?: unknown }).options);
    expect(options).toEqual([
      {
        kind: 'CreateOptions',
        apiVersion: 'meta.k8s.io/v1',
        fieldManager: 'curfew',
        fieldValidation: 'Strict',
      },
      {
        kind: 'UpdateOptions',
        apiVersion: 'meta.k8s.io/v1',
        fieldManager: 'curfew',
        dryRun: ['All'],
      },
      { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: 'Background' },
    ]);
  });

  it.each([
    {
      name: 'a denial with a message and code is returned as that code with the webhook named',
      status: { code: 403, message: 'expired on Monday', reason: 'Forbidden' },
      code: 403,
      message: 'admission webhook "deny.curfew.dev" denied the request: expired on Monday',
    },
    {
      name: 'a denial without a code becomes 400',
      status: { message: 'no' },
      code: 400,
      message: 'admission webhook "deny.curfew.dev" denied the request: no',
    },
    {
      name: 'a denial without any explanation says so',
      status: undefined,
      code: 400,
      message: 'admission webhook "deny.curfew.dev" denied the request without explanation',
    },
  ])('$name', async ({ status, code, message }) => {
    await clearHooks();
    answers.set('/deny', () => (status ? { allowed: false, status } : { allowed: false }));
    await register('validating', 'deny', [hook('deny.curfew.dev', '/deny')]);
    const r = await createCm('guarded', `denied-${code}-${message.length}`);
    expect(r.status).toBe(code);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', code, message });
  });

  it('skips webhooks whose namespaceSelector or objectSelector does not match', async () => {
    await clearHooks();
    answers.set('/deny', () => ({ allowed: false }));
    await register('validating', 'deny', [
      hook('deny.curfew.dev', '/deny', {
        objectSelector: {
          matchExpressions: [{ key: 'curfew.dev/exclude', operator: 'DoesNotExist' }],
        },
      }),
    ]);
    expect((await createCm('free', 'outside')).status).toBe(201);
    expect((await createCm('guarded', 'excluded', { 'curfew.dev/exclude': 'true' })).status).toBe(
      201,
    );
    expect((await createCm('guarded', 'caught')).status).toBe(400);
    expect(calls).toHaveLength(1);
  });

  it.each([
    {
      name: 'an unreachable webhook with failurePolicy Fail rejects the request with 500',
      policy: 'Fail',
      want: 500,
    },
    {
      name: 'an unreachable webhook with failurePolicy Ignore lets the request through',
      policy: 'Ignore',
      want: 201,
    },
  ])('$name', async ({ policy, want }) => {
    await clearHooks();
    const h = hook('down.curfew.dev', '/x', { failurePolicy: policy });
    h.clientConfig.url = 'https://127.0.0.1:1/x';
    await register('validating', 'down', [h]);
    const r = await createCm('guarded', `down-${policy.toLowerCase()}`);
    expect(r.status).toBe(want);
    if (want === 500) {
      expect((r.body as { message: string }).message).toContain(
        'failed calling webhook "down.curfew.dev"',
      );
    }
  });

  it('refuses a webhook whose certificate is not signed by its caBundle', async () => {
    await clearHooks();
    await register('validating', 'wrong-ca', [
      hook('wrongca.curfew.dev', '/ok', {}, otherCa.caPem),
    ]);
    const r = await createCm('guarded', 'wrong-ca');
    expect(r.status).toBe(500);
    expect(calls).toHaveLength(0);
  });

  it('gives up on a webhook after its timeoutSeconds', async () => {
    await clearHooks();
    answers.set('/slow', () => 'hang');
    await register('validating', 'slow', [hook('slow.curfew.dev', '/slow', { timeoutSeconds: 1 })]);
    const started = Date.now();
    const r = await createCm('guarded', 'slow');
    expect(r.status).toBe(500);
    expect((r.body as { message: string }).message).toContain('context deadline exceeded');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    {
      name: 'a webhook name needs three dot-separated segments',
      change: { name: 'curfew.dev' },
      field:
        'webhooks[0].name: Invalid value: "curfew.dev": should be a domain with at least three segments separated by dots',
    },
    {
      name: 'sideEffects is required',
      change: { sideEffects: undefined },
      field: 'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
    },
    {
      name: 'only https webhook URLs are allowed',
      change: { clientConfig: { url: 'http://127.0.0.1:1/x' } },
      field: `webhooks[0].clientConfig.url: Invalid value: "http://127.0.0.1:1/x": 'https' is the only allowed URL scheme`,
    },
    {
      name: 'timeoutSeconds is at most 30',
      change: { timeoutSeconds: 31 },
      field:
        'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
    },
  ])('rejects a webhook configuration where $name', async ({ change, field }) => {
    const r = await raw(
      sim.url,
      'POST',
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
      {
        metadata: { name: 'invalid' },
        webhooks: [{ ...hook('check.curfew.dev', '/x'), ...change }],
      },
    );
    expect(r.status).toBe(422);
    expect((r.body as { message: string }).message).toBe(
      `ValidatingWebhookConfiguration.admissionregistration.k8s.io "invalid" is invalid: ${field}`,
    );
  });

  it('calls webhooks for pods the ReplicaSet controller creates', async () => {
    await clearHooks();
    await register('mutating', 'pods', [
      hook('pods.curfew.dev', '/pods', {
        rules: [
          { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] },
        ],
      }),
    ]);
    const r = await raw(sim.url, 'POST', '/apis/apps/v1/namespaces/guarded/replicasets', {
      metadata: { name: 'rs' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'x:1' }] },
        },
      },
    });
    expect(r.status).toBe(201);
    const { eventually } = await import('./helpers.js');
    await eventually(() => calls.filter((c) => c.path === '/pods').length === 2);
  });
});

describe('admission of the scale subresource (kubectl scale, HPAs)', () => {
  const deployment = {
    metadata: { name: 'web', annotations: { note: 'kept off the Scale' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'web:1' }] },
      },
    },
  };
  const scaleRule = (resources: string[]) => ({
    rules: [{ operations: ['UPDATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources }],
  });

  // ScaleREST.Update runs the validating webhooks on scaleFromDeployment(new) and (old): an
  // autoscaling/v1 Scale with only name, namespace, uid, resourceVersion and creationTimestamp
  // in its metadata — no annotations — for the `apps/v1 deployments` resource, subResource `scale`.
  it('calls a webhook whose rules name deployments/scale with autoscaling/v1 Scale objects, old and new', async () => {
    await clearHooks();
    await raw(sim.url, 'POST', '/apis/apps/v1/namespaces/guarded/deployments', deployment);
    await register('validating', 'v', [
      hook('scale.curfew.dev', '/validate', scaleRule(['deployments/scale'])),
    ]);
    const r = await raw(
      sim.url,
      'PATCH',
      '/apis/apps/v1/namespaces/guarded/deployments/web/scale',
      { spec: { replicas: 3 } },
      'application/merge-patch+json',
    );
    expect(r.status).toBe(200);
    expect(calls).toHaveLength(1);
    const request = calls[0]?.review.request as unknown as Record<string, unknown>;
    expect(request).toMatchObject({
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      subResource: 'scale',
      requestSubResource: 'scale',
      operation: 'UPDATE',
      name: 'web',
      namespace: 'guarded',
      object: { apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 3 } },
      oldObject: { apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 2 } },
    });
    const object = request.object as { metadata: Record<string, unknown> };
    expect(Object.keys(object.metadata).sort()).toEqual([
      'creationTimestamp',
      'name',
      'namespace',
      'resourceVersion',
      'uid',
    ]);
  });

  it('does not call a webhook whose rules name only deployments, and refuses when one for /scale denies', async () => {
    await clearHooks();
    await register('validating', 'plain', [
      hook('plain.curfew.dev', '/plain', scaleRule(['deployments'])),
    ]);
    const passed = await raw(
      sim.url,
      'PATCH',
      '/apis/apps/v1/namespaces/guarded/deployments/web/scale',
      { spec: { replicas: 1 } },
      'application/merge-patch+json',
    );
    expect(passed.status).toBe(200);
    expect(calls).toHaveLength(0);
    answers.set('/validate', () => ({
      allowed: false,
      status: { code: 403, reason: 'Forbidden', message: 'expired' },
    }));
    await register('validating', 'v', [
      hook('scale.curfew.dev', '/validate', scaleRule(['deployments/scale'])),
    ]);
    const refused = await raw(
      sim.url,
      'PATCH',
      '/apis/apps/v1/namespaces/guarded/deployments/web/scale',
      { spec: { replicas: 4 } },
      'application/merge-patch+json',
    );
    expect(refused.status).toBe(403);
    expect((refused.body as { message: string }).message).toBe(
      'admission webhook "scale.curfew.dev" denied the request: expired',
    );
    const stored = await raw(sim.url, 'GET', '/apis/apps/v1/namespaces/guarded/deployments/web');
    expect((stored.body as { spec: { replicas: number } }).spec.replicas).toBe(1);
  });
});
