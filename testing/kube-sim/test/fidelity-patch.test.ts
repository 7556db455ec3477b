import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { raw } from './helpers.js';

// PATCH as a real apiserver answers it: strategic merge list order and directives on the
// built-in types, and the Status of each kind of patch that cannot be applied.

let sim: KubeSim;
// biome-ignore lint/suspicious/noExplicitAny: the tests walk free-form JSON answers.
type Obj = Record<string, any>;
const DEPLOY = '/apis/apps/v1/namespaces/fp/deployments';
const SMP = 'application/strategic-merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const call = (method: string, path: string, body?: unknown, ct?: string) =>
  raw(sim.url, method, path, body, ct);

const deployment = (name: string) => ({
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }] },
    },
  },
});
const envOf = (d: Obj) => d.spec.template.spec.containers[0].env.map((e: Obj) => e.name);
const containerPatch = (container: Obj) => ({
  spec: { template: { spec: { containers: [{ name: 'web', ...container }] } } },
});

beforeAll(async () => {
  sim = await startKubeSim({ readyDelayMs: 10 });
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'fp' } });
});
afterAll(async () => {
  await sim?.stop();
});

describe('strategic merge patch on a Deployment', () => {
  it.each([
    {
      name: 'a new env entry goes before the existing ones',
      patch: containerPatch({ env: [{ name: 'B', value: '2' }] }),
      env: ['B', 'A'],
    },
    {
      name: '$setElementOrder puts the entries in the order it lists',
      patch: containerPatch({
        '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }],
        env: [{ name: 'B', value: '2' }],
      }),
      env: ['A', 'B'],
    },
    {
      name: '$patch: replace on the list keeps only the patch entries',
      patch: containerPatch({ env: [{ name: 'C', value: '3' }, { $patch: 'replace' }] }),
      env: ['C'],
    },
    {
      name: '$patch: delete on an entry removes it',
      patch: containerPatch({ env: [{ name: 'A', $patch: 'delete' }] }),
      env: [],
    },
  ])('$name', async ({ patch, env }) => {
    const name = `smp-${env.join('').toLowerCase() || 'none'}`;
    expect((await call('POST', DEPLOY, deployment(name))).status).toBe(201);
    const r = await call('PATCH', `${DEPLOY}/${name}`, patch, SMP);
    expect(r.status).toBe(200);
    const got = (r.body as Obj).spec.template.spec.containers[0].env ?? [];
    expect(got.map((e: Obj) => e.name)).toEqual(env);
  });

  it('$retainKeys clears the strategy fields it does not list', async () => {
    const d = deployment('retain');
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    await call('POST', DEPLOY, { ...d, spec: { ...d.spec, strategy } });
    const r = await call(
      'PATCH',
      `${DEPLOY}/retain`,
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      SMP,
    );
    expect(r.status).toBe(200);
    expect((r.body as Obj).spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('a directive left inside a new list item is not stored (decoding drops it)', async () => {
    await call('POST', DEPLOY, deployment('leftover'));
    const patch = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'side', image: 'busybox:1', '$setElementOrder/env': [{ name: 'X' }] },
            ],
          },
        },
      },
    };
    const r = await call('PATCH', `${DEPLOY}/leftover`, patch, SMP);
    expect(r.status).toBe(200);
    const side = (r.body as Obj).spec.template.spec.containers[0];
    expect(side.name).toBe('side');
    expect(Object.keys(side).some((k) => k.startsWith('$'))).toBe(false);
  });
});

describe('patches that cannot be applied', () => {
  beforeAll(async () => {
    await call('POST', DEPLOY, deployment('bad'));
  });

  it.each([
    {
      name: 'a JSON patch removing a missing key is the bare 422 with empty details',
      body: [{ op: 'remove', path: '/metadata/labels/missing' }],
      ct: JSON_PATCH,
      want: {
        code: 422,
        reason: 'Invalid',
        message: 'the server rejected our request due to an error in our request',
        details: {},
      },
    },
    {
      name: 'a failing JSON patch test is the same bare 422',
      body: [{ op: 'test', path: '/spec/replicas', value: 5 }],
      ct: JSON_PATCH,
      want: { code: 422, reason: 'Invalid', details: {} },
    },
    {
      name: 'a JSON patch that is not a list is the decoder error (400)',
      body: { op: 'remove', path: '/x' },
      ct: JSON_PATCH,
      want: {
        code: 400,
        reason: 'BadRequest',
        message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
      },
    },
    {
      name: 'a container without its merge key is an unclassified 500 without a reason',
      body: { spec: { template: { spec: { containers: [{ image: 'nginx:2' }] } } } },
      ct: SMP,
      want: {
        code: 500,
        message: 'map: map[image:nginx:2] does not contain declared merge key: name',
      },
    },
    {
      name: 'a patch key outside $retainKeys is a bad request',
      body: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
      ct: SMP,
      want: { code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
    },
  ])('$name', async ({ body, ct, want }) => {
    const before = (await call('GET', `${DEPLOY}/bad`)).body as Obj;
    const r = await call('PATCH', `${DEPLOY}/bad`, body, ct);
    expect(r.status).toBe(want.code);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', ...want });
    if (!('reason' in want)) expect(r.body as Obj).not.toHaveProperty('reason');
    const after = (await call('GET', `${DEPLOY}/bad`)).body as Obj;
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(envOf(after)).toEqual(['A']);
  });
});
