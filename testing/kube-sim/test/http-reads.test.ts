import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { eventually, raw, readWatch } from './helpers.js';

let sim: KubeSim;
const call = (method: string, path: string, body?: unknown, ct?: string) =>
  raw(sim.url, method, path, body, ct);
const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, ...extra },
  data: { a: '1' },
});

beforeAll(async () => {
  sim = await startKubeSim({ bookmarks: 'periodic', bookmarkIntervalMs: 100 });
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'sem' } });
});
afterAll(async () => {
  await sim?.stop();
});

describe('lists and selectors', () => {
  it.each([
    { name: 'an equality label selector', q: 'labelSelector=tier%3Dfront', want: ['l-front'] },
    {
      name: 'a set-based label selector',
      q: 'labelSelector=tier%20in%20(front,back)',
      want: ['l-back', 'l-front'],
    },
    { name: 'a negated existence selector', q: 'labelSelector=!tier', want: ['l-none'] },
    {
      name: 'a metadata.name field selector',
      q: 'fieldSelector=metadata.name%3Dl-back',
      want: ['l-back'],
    },
    {
      name: 'a != field selector',
      q: 'fieldSelector=metadata.name!%3Dl-back',
      want: ['l-front', 'l-none'],
    },
  ])('filters with $name', async ({ q, want }) => {
    for (const [n, tier] of [
      ['l-front', 'front'],
      ['l-back', 'back'],
      ['l-none', undefined],
    ] as const) {
      await call('POST', '/api/v1/namespaces', { metadata: { name: 'lists' } });
      await call(
        'POST',
        // Secrets: a fresh namespace has none (it does have a kube-root-ca.crt ConfigMap).
        '/api/v1/namespaces/lists/secrets',
        cm(n, tier ? { labels: { tier } } : {}),
      );
    }
    const r = (await call('GET', `/api/v1/namespaces/lists/secrets?${q}`)).body as {
      kind: string;
      items: Array<{ metadata: { name: string } }>;
    };
    expect(r.kind).toBe('SecretList');
    expect(r.items.map((i) => i.metadata.name)).toEqual(want);
  });

  it('serves resourceVersion=0 lists from the cache, which ignores limit', async () => {
    const paged = (await call('GET', '/api/v1/namespaces?limit=1')).body as {
      items: unknown[];
      metadata: { continue?: string };
    };
    expect(paged.items).toHaveLength(1);
    expect(paged.metadata.continue).toBeDefined();
    const cached = (await call('GET', '/api/v1/namespaces?limit=1&resourceVersion=0')).body as {
      items: unknown[];
      metadata: { continue?: string };
    };
    expect(cached.items.length).toBeGreaterThan(1);
    expect(cached.metadata.continue).toBeUndefined();
  });

  it('filters pods by status.phase and spec.nodeName, and rejects unknown field labels', async () => {
    await call('POST', '/api/v1/namespaces/sem/pods', {
      metadata: { name: 'runner' },
      spec: { containers: [{ name: 'c', image: 'x:1' }] },
    });
    await eventually(
      async () =>
        (
          (await call('GET', '/api/v1/namespaces/sem/pods/runner')).body as {
            status: { phase: string };
          }
        ).status.phase === 'Running',
    );
    const running = (
      await call(
        'GET',
        '/api/v1/pods?fieldSelector=status.phase%3DRunning,spec.nodeName%3Dkube-sim-node',
      )
    ).body as { items: unknown[] };
    expect(running.items.length).toBeGreaterThan(0);
    const bad = await call('GET', '/api/v1/pods?fieldSelector=spec.bogus%3Dx');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      reason: 'BadRequest',
      message: 'field label not supported: spec.bogus',
    });
  });
});

describe('watch', () => {
  it('starts from a resourceVersion and delivers only later events, with bookmarks when asked', async () => {
    const list = (await call('GET', '/api/v1/namespaces/sem/configmaps')).body as {
      metadata: { resourceVersion: string };
    };
    const url = `${sim.url}/api/v1/namespaces/sem/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}&allowWatchBookmarks=true`;
    const pending = readWatch(
      url,
      (evs) => evs.some((e) => e.type === 'BOOKMARK') && evs.some((e) => e.type === 'ADDED'),
    );
    await eventually(() => sim.store.hub.watcherCount() > 0);
    await call('POST', '/api/v1/namespaces/sem/configmaps', cm('watched-1'));
    const events = await pending;
    const added = events.filter((e) => e.type === 'ADDED');
    expect(added.map((e) => (e.object.metadata as { name: string }).name)).toEqual(['watched-1']);
    expect(added[0]?.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
    });
  });

  it('sends initial events and an initial-events-end bookmark with sendInitialEvents', async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'initial' } });
    await call('POST', '/api/v1/namespaces/initial/secrets', cm('one'));
    const url = `${sim.url}/api/v1/namespaces/initial/secrets?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`;
    const events = await readWatch(url, (evs) => evs.some((e) => e.type === 'BOOKMARK'));
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(events[1]?.object).toMatchObject({
      metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
  });

  it('ends the watch after timeoutSeconds', async () => {
    const started = Date.now();
    await readWatch(
      `${sim.url}/api/v1/namespaces/sem/configmaps?watch=true&resourceVersion=${sim.store.currentRv()}&timeoutSeconds=1`,
      () => false,
      5000,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('discovery', () => {
  it.each([
    { path: '/version', check: (b: Record<string, unknown>) => b.gitVersion === 'v1.32.4' },
    { path: '/api', check: (b: Record<string, unknown>) => b.kind === 'APIVersions' },
    {
      path: '/apis',
      check: (b: Record<string, unknown>) => JSON.stringify(b).includes('coordination.k8s.io/v1'),
    },
    {
      path: '/apis/apps/v1',
      check: (b: Record<string, unknown>) => JSON.stringify(b).includes('"deployments/scale"'),
    },
  ])('serves $path', async ({ path, check }) => {
    const r = await call('GET', path);
    expect(r.status).toBe(200);
    expect(check(r.body as Record<string, unknown>)).toBe(true);
  });
});
