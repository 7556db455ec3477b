import { afterEach, describe, expect, it } from 'vitest';
import { ClusterCache } from '../src/kube/cache.js';
import type { RealKubeOptions } from '../src/kube/real-kube.js';
import { KubeSimDriver } from './support/kube-sim-driver.js';
import { eventually } from './support/test-hub.js';

/**
 * How long the agent's watches live on a kube-apiserver that sends no bookmark on a quiet
 * resource (before 1.27, kube-sim's default): until the server's timeoutSeconds ends them, not
 * a client-side idle timeout (client-node's Watch aborted after 30 s without data, so every
 * watch re-opened twice a minute — issue 20).
 */
const WATCHED = ['namespaces', 'deployments', 'statefulsets', 'cronjobs', 'pods'];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function watchOn(driver: KubeSimDriver, options?: RealKubeOptions) {
  const cache = new ClusterCache();
  const watching = driver.connect(options).watch((event) => cache.apply(event));
  cleanups.push(() => watching.stop());
  await watching.synced;
  return cache;
}

async function start(options: Parameters<typeof KubeSimDriver.start>[0] = {}) {
  const driver = await KubeSimDriver.start(options);
  cleanups.push(() => driver.stop());
  return driver;
}

const watchesOf = (driver: KubeSimDriver, resource: string) =>
  driver.sim.requestLog.entries.filter((e) => e.verb === 'watch' && e.resource === resource);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Watches with a short deadline, stalls every watch, adds `during-the-stall`, and returns once
 * a stalled namespace watch was given up and opened again (still stalled).
 */
async function stallUntilReopened() {
  const driver = await start();
  const cache = await watchOn(driver, { watch: { minTimeoutSeconds: 1, graceSeconds: 1 } });
  driver.sim.faults.configure({ stallWatches: true });
  const opened = watchesOf(driver, 'namespaces').length;
  await driver.addNamespace('during-the-stall');
  await eventually(() => watchesOf(driver, 'namespaces').length > opened, 10_000);
  return { driver, cache };
}

describe('watches run until the server ends them', () => {
  it('a quiet watch stays open past 30 s (no client idle timeout) and still delivers', {
    timeout: 90_000,
  }, async () => {
    const driver = await start();
    const cache = await watchOn(driver);
    await sleep(36_000);
    for (const resource of WATCHED) {
      const opens = watchesOf(driver, resource);
      expect(opens.map((o) => o.resource)).toEqual([resource]);
      // client-go's spread: the server ends each watch after 5–10 minutes.
      const timeout = Number(new URLSearchParams(opens[0]?.query).get('timeoutSeconds'));
      expect(timeout).toBeGreaterThanOrEqual(300);
      expect(timeout).toBeLessThan(600);
    }
    await driver.addNamespace('after-the-quiet');
    await eventually(() => cache.namespace('after-the-quiet'), 5_000);
    expect(driver.listCount()).toBe(WATCHED.length);
  });

  it('a watch the server ends at timeoutSeconds resumes with a WATCH from its last resourceVersion, not a LIST', {
    timeout: 30_000,
  }, async () => {
    const driver = await start();
    const cache = await watchOn(driver, { watch: { minTimeoutSeconds: 3, graceSeconds: 30 } });
    await driver.addNamespace('before-the-end');
    await eventually(() => cache.namespace('before-the-end'), 5_000);
    const seenRv = Number(cache.namespace('before-the-end')?.meta.resourceVersion);
    await eventually(() => watchesOf(driver, 'namespaces').length >= 2, 10_000);
    const resumed = new URLSearchParams(watchesOf(driver, 'namespaces')[1]?.query);
    expect(Number(resumed.get('resourceVersion'))).toBeGreaterThanOrEqual(seenRv);
    expect(driver.listCount()).toBe(WATCHED.length);
    await driver.addNamespace('after-the-end');
    await eventually(() => cache.namespace('after-the-end'), 5_000);
  });

  it('a connection that goes silent and never ends is given up a little after its deadline, and nothing is missed', {
    timeout: 30_000,
  }, async () => {
    const { driver, cache } = await stallUntilReopened();
    expect(cache.namespace('during-the-stall')).toBeUndefined();
    driver.sim.faults.configure({ stallWatches: false });
    // The next re-open resumes from before the stall and replays what it missed.
    await eventually(() => cache.namespace('during-the-stall'), 15_000);
    expect(driver.listCount()).toBe(WATCHED.length);
  });

  it('a watch re-opened during the stall misses nothing when the stall ends while it is open', {
    timeout: 30_000,
  }, async () => {
    // Deterministic form of the one above: the re-open's replay from before the stall went
    // unsent, and once the stall lifts this connection must not deliver anything newer (an event,
    // a bookmark) — that would move the agent's resourceVersion past what it never received.
    const { driver, cache } = await stallUntilReopened();
    driver.sim.faults.configure({ stallWatches: false });
    await driver.addNamespace('after-the-stall');
    await eventually(() => cache.namespace('after-the-stall'), 15_000);
    expect(cache.namespace('during-the-stall')).toBeDefined();
    expect(driver.listCount()).toBe(WATCHED.length);
  });
});
