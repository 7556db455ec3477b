import { mustResource } from '@curfew/kube-sim';
import { ManualClock } from '@curfew/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createLimiter, defaultRetryPolicy, suspend } from '../src/actions/index.js';
import { ANN } from '../src/annotations.js';
import { ClusterCache } from '../src/kube/cache.js';
import { createMetrics } from '../src/observe/metrics.js';
import { actionEnv, silentLog } from './support/fake-context.js';
import { KubeSimDriver } from './support/kube-sim-driver.js';
import { eventually } from './support/test-hub.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Parameters<typeof KubeSimDriver.start>[0] = {}) {
  const driver = await KubeSimDriver.start(options);
  cleanups.push(() => driver.stop());
  const kube = driver.connect();
  const cache = new ClusterCache();
  const seen: string[] = [];
  const watching = kube.watch((event) => {
    cache.apply(event);
    seen.push(`${event.type} ${event.object.kind} ${event.object.meta.name}`);
  });
  cleanups.push(() => watching.stop());
  await watching.synced;
  return { driver, kube, cache, seen };
}

describe('the agent KubeApi (RealKube, its own HTTP client) against kube-sim', () => {
  it('follows watches after a dropped connection without a new LIST', async () => {
    const { driver, cache } = await setup();
    const lists = driver.listCount();
    expect(lists).toBe(5);
    driver.sim.faults.dropWatches();
    await driver.addNamespace('after-drop');
    await eventually(() => cache.namespace('after-drop'), 10_000);
    // The event arrived, so the watches were re-established — from their resourceVersion.
    expect(driver.listCount()).toBe(lists);
  });

  it('lists in pages of 500, as client-go does, and still sees every object once', {
    timeout: 90_000,
  }, async () => {
    const driver = await KubeSimDriver.start();
    cleanups.push(() => driver.stop());
    await driver.addNamespace('many');
    const PODS = mustResource('', 'pods');
    for (let i = 0; i < 600; i += 1) {
      await driver.sim.api.create(PODS, 'many', {
        metadata: { name: `p-${i}` },
        spec: { containers: [{ name: 'c', image: 'registry.example/app:1' }] },
      });
    }
    const cache = new ClusterCache();
    const watching = driver.connect().watch((event) => cache.apply(event));
    cleanups.push(() => watching.stop());
    await watching.synced;
    expect(cache.pods('many')).toHaveLength(600);
    const podLists = driver.sim.requestLog.entries.filter(
      (e) => e.verb === 'list' && e.resource === 'pods',
    );
    expect(podLists.map((e) => new URLSearchParams(e.query).get('limit'))).toEqual(['500', '500']);
    expect(podLists.filter((e) => new URLSearchParams(e.query).has('continue'))).toHaveLength(1);
  });

  it('writes with field manager curfew and keeps replicas and previous-replicas in one patch', async () => {
    const { driver, kube, cache } = await setup();
    await driver.addNamespace('team-f', { [ANN.managed]: 'true' });
    await driver.addWorkload('Deployment', 'team-f', 'web', 2);
    await eventually(() => cache.workload('Deployment', 'team-f', 'web'));
    // Read fresh: the simulated controller keeps updating status after creation.
    const cached = await kube.getWorkload('Deployment', 'team-f', 'web');
    const before = driver.sim.requestLog.entries.length;
    const result = await kube.scaleWorkload('Deployment', 'team-f', 'web', {
      replicas: 0,
      annotations: { [ANN.previousReplicas]: '2' },
      resourceVersion: cached?.meta.resourceVersion,
    });
    expect(result).toMatchObject({
      replicas: 0,
      meta: { annotations: { [ANN.previousReplicas]: '2' } },
    });
    const writes = driver.sim.requestLog.entries.slice(before);
    expect(writes.map((w) => `${w.method} ${w.resource} ${w.code}`)).toEqual([
      'PATCH deployments 200',
    ]);
    expect(writes[0]?.query).toContain('fieldManager=curfew');
    // A stale resourceVersion is refused: the executor re-reads instead of overwriting.
    await expect(
      kube.scaleWorkload('Deployment', 'team-f', 'web', {
        replicas: 0,
        annotations: { [ANN.previousReplicas]: '0' },
        resourceVersion: cached?.meta.resourceVersion,
      }),
    ).rejects.toMatchObject({ status: 409 });
    expect(
      (await driver.workload('Deployment', 'team-f', 'web')).annotations[ANN.previousReplicas],
    ).toBe('2');
  });

  it('a suspend completes through injected 429s and 500s, honouring Retry-After', async () => {
    const { driver, kube, cache } = await setup();
    await driver.addNamespace('team-x', { [ANN.managed]: 'true' });
    for (let i = 0; i < 6; i += 1) await driver.addWorkload('Deployment', 'team-x', `w${i}`, 1);
    await eventually(() => cache.workloads('team-x').length === 6);
    driver.sim.faults.configure({
      errors: [
        { verb: 'patch', resource: 'deployments', rate: 0.4, code: 500 },
        { verb: 'patch', resource: 'namespaces', rate: 0.3, code: 429, retryAfterSeconds: 1 },
      ],
    });
    const slept: number[] = [];
    const ctx = {
      kube,
      cache,
      clock: new ManualClock(Date.now()),
      log: silentLog,
      limiter: createLimiter(4),
      retry: defaultRetryPolicy({
        attempts: 10,
        baseDelayMs: 1,
        maxDelayMs: 5,
        sleep: async (ms: number) => {
          slept.push(ms);
        },
      }),
      metrics: createMetrics(),
      instance: 'test',
    };
    await suspend(actionEnv(ctx).env, 'team-x', { kind: 'schedule', reason: 'test' });
    const failures = driver.sim.requestLog.entries.filter((e) => e.code === 500 || e.code === 429);
    expect(failures.length).toBeGreaterThan(0);
    for (let i = 0; i < 6; i += 1) {
      expect(await driver.workload('Deployment', 'team-x', `w${i}`)).toMatchObject({
        replicas: 0,
        annotations: { [ANN.previousReplicas]: '1' },
      });
    }
    if (failures.some((f) => f.code === 429)) expect(slept).toContain(1000);
  });

  it('relists only when its resourceVersion has left the history window (410 Gone), and reports deletions it missed', async () => {
    const { driver, cache } = await setup({ watchHistory: 5 });
    await driver.addNamespace('doomed');
    await eventually(() => cache.namespace('doomed'), 10_000);
    const lists = driver.listCount();
    // While the agent is cut off, more than the history window happens.
    driver.sim.faults.configure({ latencyMs: 300 });
    driver.sim.faults.dropWatches();
    await driver.sim.api.delete(mustResource('', 'namespaces'), '', 'doomed', {});
    // In-process writes: not slowed by the injected latency, so they land while the agent's
    // re-watch is still held back.
    for (let i = 0; i < 10; i += 1) {
      await driver.sim.api.create(mustResource('', 'namespaces'), '', {
        metadata: { name: `burst-${i}` },
      });
    }
    driver.sim.faults.configure({ latencyMs: 0 });
    await eventually(() => cache.namespace('burst-9') && !cache.namespace('doomed'), 15_000);
    expect(driver.listCount()).toBeGreaterThan(lists);
    expect(driver.listCount()).toBeLessThanOrEqual(lists + 5);
  });
});
