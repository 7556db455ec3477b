import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { eventually, raw } from './helpers.js';

let sim: KubeSim;

beforeAll(async () => {
  sim = await startKubeSim({ faults: { seed: 7 } });
});
afterAll(async () => {
  await sim?.stop();
});

describe('fault injection', () => {
  it('answers 429 with Retry-After for the chosen verb and resource only', async () => {
    sim.faults.configure({
      errors: [{ verb: 'list', resource: 'pods', rate: 1, code: 429, retryAfterSeconds: 3 }],
    });
    try {
      const pods = await raw(sim.url, 'GET', '/api/v1/namespaces/default/pods');
      expect(pods.status).toBe(429);
      expect(pods.headers.get('retry-after')).toBe('3');
      expect(pods.body).toMatchObject({
        kind: 'Status',
        reason: 'TooManyRequests',
        code: 429,
        details: { retryAfterSeconds: 3 },
      });
      expect((await raw(sim.url, 'GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
      expect((await raw(sim.url, 'GET', '/api/v1/namespaces/default/pods/x')).status).toBe(404);
    } finally {
      sim.faults.reset();
    }
  });

  it('fails about the configured fraction of requests with 500, reproducibly for a seed', async () => {
    const run = async () => {
      sim.faults.configure({
        seed: 99,
        errors: [{ resource: 'configmaps', rate: 0.3, code: 500 }],
      });
      const codes: number[] = [];
      for (let i = 0; i < 100; i++)
        codes.push((await raw(sim.url, 'GET', '/api/v1/namespaces/default/configmaps')).status);
      sim.faults.reset();
      return codes;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const failures = a.filter((c) => c === 500).length;
    expect(failures).toBeGreaterThan(15);
    expect(failures).toBeLessThan(45);
  });

  it('adds latency to every request', async () => {
    sim.faults.configure({ latencyMs: 200 });
    try {
      const t = Date.now();
      await raw(sim.url, 'GET', '/api/v1/namespaces');
      expect(Date.now() - t).toBeGreaterThanOrEqual(190);
    } finally {
      sim.faults.reset();
    }
  });

  it('drops open watch connections on demand', async () => {
    const ac = new AbortController();
    const res = await fetch(
      `${sim.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${sim.store.currentRv()}`,
      { signal: ac.signal },
    );
    const reader = res.body?.getReader();
    await eventually(() => sim.store.hub.watcherCount() > 0);
    expect(sim.faults.dropWatches()).toBe(1);
    let ended = false;
    try {
      const r = await reader?.read();
      ended = r?.done === true;
    } catch {
      ended = true;
    }
    expect(ended).toBe(true);
    expect(sim.store.hub.watcherCount()).toBe(0);
    ac.abort();
  });
});
