import { ManualClock } from '@curfew/test-support';
import { pino } from 'pino';
import type { ActionContext } from '../../src/executor/context.js';
import { createLimiter } from '../../src/executor/limiter.js';
import { defaultRetryPolicy } from '../../src/executor/retry.js';
import { ClusterCache } from '../../src/kube/cache.js';
import { createMetrics } from '../../src/observe/metrics.js';
import type { FakeCluster } from './fake-cluster.js';
import type { FakeKube } from './fake-kube.js';

export const silentLog = pino({ level: 'silent' });

/** An agent's action context on a fake cluster: its own connection, cache and clock. */
export async function fakeContext(
  cluster: FakeCluster,
  clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z')),
): Promise<ActionContext & { kube: FakeKube; stop: () => Promise<void> }> {
  const kube = cluster.connect();
  const cache = new ClusterCache();
  const watching = kube.watch((event) => cache.apply(event));
  await watching.synced;
  return {
    kube,
    cache,
    clock,
    log: silentLog,
    limiter: createLimiter(8),
    retry: defaultRetryPolicy({ baseDelayMs: 1, maxDelayMs: 2 }),
    metrics: createMetrics(),
    instance: 'test-agent',
    stop: () => watching.stop(),
  };
}

/** Lets fake watch events (delivered with setImmediate) reach the caches. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((r) => setImmediate(r));
}
