import { type ClusterPolicy, validatePolicy } from '@curfew/core';
import type { Notification } from '@curfew/proto';
import { ManualClock } from '@curfew/test-support';
import { pino } from 'pino';
import {
  type ActionContext,
  type ActionEnv,
  createLimiter,
  defaultRetryPolicy,
  KeyedMutex,
  Outbox,
  ReadinessTracker,
  TerminationTracker,
} from '../../src/actions/index.js';
import { ClusterCache } from '../../src/kube/cache.js';
import { createMetrics } from '../../src/observe/metrics.js';
import type { FakeCluster } from './fake-cluster.js';
import type { FakeKube } from './fake-kube.js';

export const silentLog = pino({ level: 'silent' });

export const TEST_POLICY: ClusterPolicy = validatePolicy({
  mode: 'opt-in',
  defaultUptime: 'Mon-Fri 08:00-19:00 UTC',
  reminderOffsetsMinutes: [60, 30, 15],
  systemNamespaces: [],
  agentNamespace: 'curfew-system',
});

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

/**
 * The actions' environment around any context (fake or kube-sim): the notifications the actions
 * hand to the hub link are collected in `sent` instead.
 */
export function actionEnv(
  ctx: ActionContext,
  overrides: Partial<Omit<ActionEnv, 'ctx'>> = {},
): { env: ActionEnv; sent: Notification[] } {
  const sent: Notification[] = [];
  const locks = overrides.locks ?? new KeyedMutex();
  const env: ActionEnv = {
    ctx,
    policy: TEST_POLICY,
    locks,
    outbox: new Outbox({ ctx, locks, send: (n) => sent.push(n) }),
    readiness: new ReadinessTracker(ctx.cache, ctx.clock),
    notify: (n) => sent.push(n),
    staleAfterMs: 60 * 60_000,
    resumeReadyTimeoutMs: 5 * 60_000,
    termination: new TerminationTracker(ctx.cache, ctx.clock),
    deleteStuckAfterMs: 5 * 60_000,
    support: {
      namespace: 'curfew-system',
      image: 'busybox:1.37',
      command: ['sleep', 'infinity'],
      timer: '8h',
      runAsUser: 65_534,
    },
    ...overrides,
  };
  return { env, sent };
}

/** Lets fake watch events (delivered with setImmediate) reach the caches. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((r) => setImmediate(r));
}
