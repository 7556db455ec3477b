import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { kubectl, raw } from './helpers.js';

// LIST at a resourceVersion, as kube-apiserver 1.32 serves it: Exact reads (and pages of a
// paged list) see the objects as they were at that revision; NotOlderThan reads see the latest
// state once the server has reached the revision; and each impossible request has its status.

let sim: KubeSim;
// biome-ignore lint/suspicious/noExplicitAny: the tests walk free-form JSON answers.
type Obj = Record<string, any>;
const NS = '/api/v1/namespaces/lrv/configmaps';
const call = (method: string, path: string, body?: unknown, ct?: string) =>
  raw(sim.url, method, path, body, ct);
const rvOf = (r: { body: unknown }) => Number((r.body as Obj).metadata.resourceVersion);
const names = (r: { body: unknown }) => (r.body as Obj).items.map((i: Obj) => i.metadata.name);
const list = (query: string) => call('GET', `${NS}?${query}`);

/** The revisions after each step of a small history: a created, a changed, b created, a deleted. */
const rv: Record<string, number> = {};

beforeAll(async () => {
  sim = await startKubeSim({ readyDelayMs: 10 });
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'lrv' } });
  // The namespace's own kube-root-ca.crt comes from a controller: wait until it is there.
  for (let i = 0; i < 100 && names(await list('')).length === 0; i++)
    await new Promise((r) => setTimeout(r, 10));
  rv.aCreated = rvOf(await call('POST', NS, { metadata: { name: 'a' }, data: { v: '1' } }));
  rv.aChanged = rvOf(
    await call('PATCH', `${NS}/a`, { data: { v: '2' } }, 'application/merge-patch+json'),
  );
  rv.bCreated = rvOf(await call('POST', NS, { metadata: { name: 'b' } }));
  await call('DELETE', `${NS}/a`);
  rv.aDeleted = rvOf(await list(''));
});
afterAll(async () => {
  await sim?.stop();
});

describe('resourceVersionMatch=Exact', () => {
  it.each([
    {
      name: 'after the first create shows a as created',
      at: 'aCreated',
      want: ['a', 'kube-root-ca.crt'],
      v: '1',
    },
    {
      name: 'after the change shows a changed',
      at: 'aChanged',
      want: ['a', 'kube-root-ca.crt'],
      v: '2',
    },
    { name: 'after b shows both', at: 'bCreated', want: ['a', 'b', 'kube-root-ca.crt'], v: '2' },
    {
      name: 'after the delete shows a gone',
      at: 'aDeleted',
      want: ['b', 'kube-root-ca.crt'],
      v: undefined,
    },
  ])('a list at the revision $name', async ({ at, want, v }) => {
    const r = await list(`resourceVersion=${rv[at]}&resourceVersionMatch=Exact`);
    expect(r.status).toBe(200);
    expect(rvOf(r)).toBe(rv[at]);
    expect(names(r)).toEqual(want);
    const a = (r.body as Obj).items.find((i: Obj) => i.metadata.name === 'a');
    expect(a?.data?.v).toBe(v);
  });

  it('a revision the server has not reached is etcd’s future-revision error, a 500 without a reason', async () => {
    const r = await list('resourceVersion=999999&resourceVersionMatch=Exact');
    expect(r.status).toBe(500);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'etcdserver: mvcc: required revision is a future revision',
      code: 500,
    });
  });

  it('a limit with a resourceVersion and no match reads exactly there, and so does its next page', async () => {
    const first = await list(`limit=1&resourceVersion=${rv.bCreated}`);
    expect(names(first)).toEqual(['a']);
    expect(rvOf(first)).toBe(rv.bCreated);
    expect((first.body as Obj).metadata.remainingItemCount).toBe(2);
    await call('POST', NS, { metadata: { name: 'aa' } });
    const token = encodeURIComponent((first.body as Obj).metadata.continue);
    const rest = await list(`limit=5&continue=${token}`);
    // The snapshot: no `aa`, which came later, and `a` was not deleted yet.
    expect(names(rest)).toEqual(['b', 'kube-root-ca.crt']);
    expect(rvOf(rest)).toBe(rv.bCreated);
    await call('DELETE', `${NS}/aa`);
  });
});

describe('NotOlderThan and the unset match', () => {
  it('an old revision gives the latest state', async () => {
    const r = await list(`resourceVersion=${rv.aCreated}&resourceVersionMatch=NotOlderThan`);
    expect(names(r)).toEqual(['b', 'kube-root-ca.crt']);
    expect(rvOf(r)).toBe(sim.store.currentRv());
  });

  it('a revision not reached yet is waited for, up to the watch cache’s three seconds', async () => {
    const target = sim.store.currentRv() + 1;
    const pending = list(`resourceVersion=${target}`);
    await new Promise((r) => setTimeout(r, 200));
    await call('POST', NS, { metadata: { name: 'late' } });
    const r = await pending;
    expect(r.status).toBe(200);
    expect(rvOf(r)).toBeGreaterThanOrEqual(target);
    expect(names(r)).toContain('late');
    await call('DELETE', `${NS}/late`);
  });

  it('a revision still not reached after the wait is the 504 Too large resource version', async () => {
    const target = sim.store.currentRv() + 1000;
    const r = await list(`resourceVersion=${target}&resourceVersionMatch=NotOlderThan`);
    expect(r.status).toBe(504);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(r.body).toMatchObject({
      reason: 'Timeout',
      message: `Timeout: Too large resource version: ${target}, current: ${sim.store.currentRv()}`,
      details: {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      },
    });
  });

  it('through etcd (a limit) a revision not reached is the 504 at once, without a retry hint', async () => {
    const target = sim.store.currentRv() + 1000;
    const r = await list(`limit=1&resourceVersion=${target}&resourceVersionMatch=NotOlderThan`);
    expect(r.status).toBe(504);
    expect((r.body as Obj).details).not.toHaveProperty('retryAfterSeconds');
  });
});

describe('requests that cannot be served', () => {
  let continueToken = '';
  beforeAll(async () => {
    continueToken = encodeURIComponent(((await list('limit=1')).body as Obj).metadata.continue);
  });

  it.each([
    {
      name: 'a continue token with a resourceVersion is a bad request',
      query: () => `limit=1&continue=${continueToken}&resourceVersion=5`,
      code: 400,
      message: 'specifying resource version is not allowed when using continue',
    },
    {
      name: 'a resourceVersion that is not a number is, from the watch cache, a 500',
      query: () => 'resourceVersion=abc',
      code: 500,
      message:
        'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    },
    {
      name: 'a resourceVersion that is not a number is, from etcd, a 400',
      query: () => 'limit=2&resourceVersion=abc',
      code: 400,
      message:
        'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    },
    {
      name: 'Exact at resourceVersion 0 is invalid ListOptions',
      query: () => 'resourceVersion=0&resourceVersionMatch=Exact',
      code: 422,
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    },
  ])('$name', async ({ query, code, message }) => {
    const r = await list(query());
    expect(r.status).toBe(code);
    expect((r.body as Obj).message).toBe(message);
  });
});

describe('history the server no longer has', () => {
  let small: KubeSim;
  const at = (q: string) => raw(small.url, 'GET', `/api/v1/namespaces/default/configmaps?${q}`);
  beforeAll(async () => {
    small = await startKubeSim({ watchHistory: 3 });
  });
  afterAll(async () => {
    await small?.stop();
  });

  it('an Exact read older than the retained history is 410 Expired; a stale continue gets a fresh token', async () => {
    const base = '/api/v1/namespaces/default/configmaps';
    for (const n of ['c1', 'c2']) await raw(small.url, 'POST', base, { metadata: { name: n } });
    const old = rvOf(await at(''));
    const page = await at('limit=1');
    for (let i = 0; i < 5; i++)
      await raw(small.url, 'POST', base, { metadata: { name: `later-${i}` } });
    const exact = await at(`resourceVersion=${old}&resourceVersionMatch=Exact`);
    expect(exact.status).toBe(410);
    expect(exact.body).toMatchObject({
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
    const token = (page.body as Obj).metadata.continue;
    const stale = await at(`limit=1&continue=${encodeURIComponent(token)}`);
    expect(stale.status).toBe(410);
    const fresh = (stale.body as Obj).metadata.continue;
    expect(typeof fresh).toBe('string');
    const resumed = await at(`limit=100&continue=${encodeURIComponent(fresh)}`);
    expect(resumed.status).toBe(200);
    expect(names(resumed)).toContain('later-4');
  });

  it('kubectl reports the expired read as the server’s Expired error', async () => {
    const r = await kubectl(small.kubeconfigPath, [
      'get',
      '--raw',
      '/api/v1/namespaces/default/configmaps?resourceVersion=1&resourceVersionMatch=Exact',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Error from server (Expired): The resourceVersion for the provided list is too old.',
    );
  });
});

describe('through the real clients', () => {
  it('client-node lists at an exact revision', async () => {
    const https = await startKubeSim({ token: 't' });
    try {
      const kc = new KubeConfig();
      kc.loadFromString(https.kubeconfig);
      const core = kc.makeApiClient(CoreV1Api);
      const created = await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'x' }, data: { v: '1' } },
      });
      await core.patchNamespacedConfigMap({
        namespace: 'default',
        name: 'x',
        body: [{ op: 'replace', path: '/data/v', value: '2' }],
      });
      const then = await core.listNamespacedConfigMap({
        namespace: 'default',
        resourceVersion: created.metadata?.resourceVersion,
        resourceVersionMatch: 'Exact',
      });
      expect(then.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
      expect(then.items.find((c) => c.metadata?.name === 'x')?.data).toEqual({ v: '1' });
    } finally {
      await https.stop();
    }
  });

  it('kubectl get --raw lists at an exact revision', async () => {
    const r = await kubectl(sim.kubeconfigPath, [
      'get',
      '--raw',
      `${NS}?resourceVersion=${rv.aChanged}&resourceVersionMatch=Exact`,
    ]);
    expect(r.stderr).toBe('');
    const body = JSON.parse(r.stdout) as Obj;
    expect(body.items.find((i: Obj) => i.metadata.name === 'a').data).toEqual({ v: '2' });
  });
});
