import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { eventually, raw } from './helpers.js';

let sim: KubeSim;
const call = (method: string, path: string, body?: unknown, ct?: string) =>
  raw(sim.url, method, path, body, ct);
const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, ...extra },
  data: { a: '1' },
});

beforeAll(async () => {
  sim = await startKubeSim();
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'sem' } });
});
afterAll(async () => {
  await sim?.stop();
});

const deployment = (name: string) => ({
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'c', image: 'x:1' }] },
    },
  },
});

describe('Status objects for errors', () => {
  it.each([
    {
      name: 'a missing object is 404 NotFound naming the resource',
      run: () => call('GET', '/api/v1/namespaces/sem/configmaps/missing'),
      code: 404,
      body: {
        reason: 'NotFound',
        message: 'configmaps "missing" not found',
        details: { name: 'missing', kind: 'configmaps' },
      },
    },
    {
      name: 'a duplicate create is 409 AlreadyExists',
      run: async () => {
        await call('POST', '/api/v1/namespaces/sem/configmaps', cm('dup'));
        return call('POST', '/api/v1/namespaces/sem/configmaps', cm('dup'));
      },
      code: 409,
      body: { reason: 'AlreadyExists', message: 'configmaps "dup" already exists' },
    },
    {
      name: 'creating in a missing namespace is 404 on the namespace',
      run: () => call('POST', '/api/v1/namespaces/nowhere/configmaps', cm('x')),
      code: 404,
      body: {
        reason: 'NotFound',
        message: 'namespaces "nowhere" not found',
        details: { name: 'nowhere', kind: 'namespaces' },
      },
    },
    {
      name: 'an object without a name is 422 Invalid',
      run: () => call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: {} }),
      code: 422,
      body: {
        reason: 'Invalid',
        message:
          'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
      },
    },
    {
      name: 'an unknown resource path is 404 with the generic message',
      run: () => call('GET', '/apis/apps/v1/namespaces/sem/widgets'),
      code: 404,
      body: { reason: 'NotFound', message: 'the server could not find the requested resource' },
    },
    {
      name: 'a strategic merge patch on a custom resource is 415',
      run: async () => {
        await call('POST', '/apis/keda.sh/v1alpha1/namespaces/sem/scaledobjects', {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          metadata: { name: 'so' },
          spec: {},
        });
        return call(
          'PATCH',
          '/apis/keda.sh/v1alpha1/namespaces/sem/scaledobjects/so',
          { spec: {} },
          'application/strategic-merge-patch+json',
        );
      },
      code: 415,
      body: { reason: 'UnsupportedMediaType' },
    },
    {
      name: 'a create that carries a resourceVersion is 400',
      run: () =>
        call('POST', '/api/v1/namespaces/sem/configmaps', cm('with-rv', { resourceVersion: '5' })),
      code: 400,
      body: {
        reason: 'BadRequest',
        message: 'resourceVersion should not be set on objects to be created',
      },
    },
    {
      name: 'an update naming another uid is a precondition Conflict',
      run: async () => {
        await call('POST', '/api/v1/namespaces/sem/configmaps', cm('uid-check'));
        return call(
          'PUT',
          '/api/v1/namespaces/sem/configmaps/uid-check',
          cm('uid-check', { uid: '00000000-0000-0000-0000-000000000000' }),
        );
      },
      code: 409,
      body: {
        reason: 'Conflict',
        message: expect.stringContaining(
          'Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000',
        ),
      },
    },
    {
      name: 'a label value that is an email address is 422 Invalid',
      run: () =>
        call(
          'POST',
          '/api/v1/namespaces/sem/configmaps',
          cm('bad-label', { labels: { owner: 'ana@example.com' } }),
        ),
      code: 422,
      body: {
        reason: 'Invalid',
        message: expect.stringContaining(
          'ConfigMap "bad-label" is invalid: metadata.labels: Invalid value: "ana@example.com": a valid label must be an empty string',
        ),
      },
    },
    {
      name: 'an annotation key with two slashes is 422 Invalid',
      run: () =>
        call(
          'POST',
          '/api/v1/namespaces/sem/configmaps',
          cm('bad-annotation', { annotations: { 'a/b/c': 'x' } }),
        ),
      code: 422,
      body: {
        reason: 'Invalid',
        message: expect.stringContaining('metadata.annotations: Invalid value: "a/b/c"'),
      },
    },
  ])('$name', async ({ run, code, body }) => {
    const r = await run();
    expect(r.status).toBe(code);
    expect(r.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code,
      ...body,
    });
  });
});

describe('object lifecycle', () => {
  it('create fills uid, creationTimestamp, resourceVersion and generateName', async () => {
    const r = await call('POST', '/api/v1/namespaces/sem/configmaps', {
      metadata: { generateName: 'gen-' },
    });
    const m = (r.body as { metadata: Record<string, string> }).metadata;
    expect(r.status).toBe(201);
    expect(m.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(m.resourceVersion)).toBeGreaterThan(0);
  });

  it('generation moves on spec changes only, and updates with a stale resourceVersion conflict', async () => {
    const created = (
      await call('POST', '/apis/apps/v1/namespaces/sem/deployments', deployment('gen'))
    ).body as { metadata: Record<string, unknown> };
    expect(created.metadata.generation).toBe(1);
    const path = '/apis/apps/v1/namespaces/sem/deployments/gen';
    const labelled = await call(
      'PATCH',
      path,
      { metadata: { labels: { x: 'y' } } },
      'application/merge-patch+json',
    );
    expect((labelled.body as { metadata: { generation: number } }).metadata.generation).toBe(1);
    const scaled = await call(
      'PATCH',
      path,
      { spec: { replicas: 2 } },
      'application/merge-patch+json',
    );
    expect((scaled.body as { metadata: { generation: number } }).metadata.generation).toBe(2);
    const stale = await call('PUT', path, {
      ...deployment('gen'),
      metadata: { name: 'gen', resourceVersion: created.metadata.resourceVersion },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict',
      message: expect.stringContaining('deployments.apps "gen": the object has been modified'),
    });
  });

  it.each([
    {
      name: 'a Deployment selector cannot change',
      create: ['/apis/apps/v1/namespaces/sem/deployments', deployment('fixed')],
      patch: [
        '/apis/apps/v1/namespaces/sem/deployments/fixed',
        {
          spec: {
            selector: { matchLabels: { app: 'other' } },
            template: { metadata: { labels: { app: 'other' } } },
          },
        },
      ],
      // 1.32's field errors print a LabelSelector with Go's %#v (JSON only from 1.34).
      message:
        'Deployment.apps "fixed" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    },
    {
      name: 'an immutable ConfigMap keeps its data',
      create: [
        '/api/v1/namespaces/sem/configmaps',
        { metadata: { name: 'frozen' }, data: { a: '1' }, immutable: true },
      ],
      patch: ['/api/v1/namespaces/sem/configmaps/frozen', { data: { a: '2' } }],
      message:
        'ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    },
  ])('$name', async ({ create, patch, message }) => {
    expect((await call('POST', create[0] as string, create[1])).status).toBe(201);
    const r = await call('PATCH', patch[0] as string, patch[1], 'application/merge-patch+json');
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ reason: 'Invalid', message });
  });

  it.each([
    {
      name: 'an Event about a Namespace, stored in that namespace without involvedObject.namespace, is Invalid',
      ns: 'sem',
      involvedNs: undefined,
      code: 422,
    },
    {
      name: 'an Event about a Namespace stored in default is accepted',
      ns: 'default',
      involvedNs: undefined,
      code: 201,
    },
    {
      name: 'an Event whose involvedObject.namespace matches is accepted',
      ns: 'sem',
      involvedNs: 'sem',
      code: 201,
    },
  ])('$name', async ({ ns, involvedNs, code }) => {
    const r = await call('POST', `/api/v1/namespaces/${ns}/events`, {
      metadata: { generateName: 'curfew-' },
      involvedObject: {
        kind: 'Namespace',
        name: 'sem',
        apiVersion: 'v1',
        ...(involvedNs ? { namespace: involvedNs } : {}),
      },
      reason: 'Suspended',
      message: 'suspended by schedule',
      type: 'Normal',
    });
    expect(r.status).toBe(code);
    if (code === 422) {
      expect((r.body as { message: string }).message).toMatch(
        /^Event "curfew-[a-z0-9]{5}" is invalid: involvedObject.namespace: Invalid value: "": does not match event.namespace$/,
      );
    }
  });

  it.each([
    {
      name: 'a merge patch naming a stale resourceVersion is a Conflict',
      type: 'application/merge-patch+json',
      stale: true,
      code: 409,
    },
    {
      name: 'a merge patch naming the current resourceVersion applies',
      type: 'application/merge-patch+json',
      stale: false,
      code: 200,
    },
    {
      name: 'a strategic patch naming a stale resourceVersion is a Conflict',
      type: 'application/strategic-merge-patch+json',
      stale: true,
      code: 409,
    },
  ])('$name', async ({ type, stale, code }) => {
    const name = `rv-${code}-${type.length}`;
    const created = (await call('POST', '/api/v1/namespaces/sem/configmaps', cm(name))).body as {
      metadata: { resourceVersion: string };
    };
    if (stale)
      await call(
        'PATCH',
        `/api/v1/namespaces/sem/configmaps/${name}`,
        { data: { b: '2' } },
        'application/merge-patch+json',
      );
    const r = await call(
      'PATCH',
      `/api/v1/namespaces/sem/configmaps/${name}`,
      { metadata: { resourceVersion: created.metadata.resourceVersion }, data: { a: 'x' } },
      type,
    );
    expect(r.status).toBe(code);
    if (code === 409)
      expect(r.body).toMatchObject({ reason: 'Conflict', details: { name, kind: 'configmaps' } });
  });

  it('a status write does not change spec, and a spec write does not change status', async () => {
    await call('POST', '/api/v1/namespaces/sem/services', {
      metadata: { name: 'svc' },
      spec: { ports: [{ port: 80 }] },
    });
    const path = '/api/v1/namespaces/sem/services/svc';
    await call(
      'PATCH',
      `${path}/status`,
      { spec: { type: 'NodePort' }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } },
      'application/merge-patch+json',
    );
    await call('PATCH', path, { status: { loadBalancer: {} } }, 'application/merge-patch+json');
    const svc = (await call('GET', path)).body as {
      spec: { type: string };
      status: { loadBalancer: unknown };
    };
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.status.loadBalancer).toEqual({ ingress: [{ ip: '1.2.3.4' }] });
  });

  it('finalizers hold an object with a deletionTimestamp until they are removed', async () => {
    await call(
      'POST',
      '/api/v1/namespaces/sem/configmaps',
      cm('held', { finalizers: ['curfew.dev/hold'] }),
    );
    const del = await call('DELETE', '/api/v1/namespaces/sem/configmaps/held');
    expect(del.status).toBe(200);
    const held = (await call('GET', '/api/v1/namespaces/sem/configmaps/held')).body as {
      metadata: { deletionTimestamp?: string };
    };
    expect(held.metadata.deletionTimestamp).toBeDefined();
    await call(
      'PATCH',
      '/api/v1/namespaces/sem/configmaps/held',
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    expect((await call('GET', '/api/v1/namespaces/sem/configmaps/held')).status).toBe(404);
  });

  it('deleting a plain object answers a Success Status, deleting a pod answers the pod', async () => {
    await call('POST', '/api/v1/namespaces/sem/configmaps', cm('bye'));
    const r = await call('DELETE', '/api/v1/namespaces/sem/configmaps/bye');
    expect(r.body).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'bye', kind: 'configmaps' },
    });
    await call('POST', '/api/v1/namespaces/sem/pods', {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'x:1' }] },
    });
    const p = await call('DELETE', '/api/v1/namespaces/sem/pods/p');
    expect(p.body).toMatchObject({ kind: 'Pod', metadata: { name: 'p' } });
  });

  it('a namespace with an extra spec finalizer stays Terminating, and new content is Forbidden', async () => {
    await call('POST', '/api/v1/namespaces', {
      metadata: { name: 'stuck' },
      spec: { finalizers: ['kubernetes', 'curfew.dev/hold'] },
    });
    await call('POST', '/api/v1/namespaces/stuck/configmaps', cm('inside'));
    const del = await call('DELETE', '/api/v1/namespaces/stuck');
    expect(del.body).toMatchObject({ kind: 'Namespace', status: { phase: 'Terminating' } });
    await eventually(
      async () => (await call('GET', '/api/v1/namespaces/stuck/configmaps/inside')).status === 404,
    );
    const ns = (await call('GET', '/api/v1/namespaces/stuck')).body as {
      spec: { finalizers: string[] };
      status: { phase: string };
    };
    await eventually(
      async () =>
        ((await call('GET', '/api/v1/namespaces/stuck')).body as typeof ns).spec.finalizers
          .length === 1,
    );
    expect(ns.status.phase).toBe('Terminating');
    const create = await call('POST', '/api/v1/namespaces/stuck/configmaps', cm('late'));
    expect(create.status).toBe(403);
    expect(create.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'configmaps "late" is forbidden: unable to create new content in namespace stuck because it is being terminated',
    });
    await call('PUT', '/api/v1/namespaces/stuck/finalize', {
      metadata: { name: 'stuck' },
      spec: { finalizers: [] },
    });
    await eventually(async () => (await call('GET', '/api/v1/namespaces/stuck')).status === 404);
  });
});
