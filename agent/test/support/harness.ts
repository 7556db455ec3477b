import type { Clock } from '@curfew/core';
import { ManualClock } from '@curfew/test-support';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { Agent } from '../../src/agent.js';
import type { CloudApi } from '../../src/cloud/types.js';
import { configSchema } from '../../src/config/schema.js';
import type { KubeApi } from '../../src/kube/types.js';
import { TestHub } from './test-hub.js';

export const TOKEN = 'test-token-0123456789abcdef';

export interface HarnessOptions {
  start: number;
  leaderElection?: boolean;
  instanceId?: string;
  uptime?: string;
  /** The cluster mode (default opt-in). */
  mode?: 'opt-in' | 'opt-out';
  /** Parallel API writes; 1 makes every request a separate step (crash-point tests). */
  concurrency?: number;
  /** CURFEW_GITOPS (default auto, as in production). */
  gitops?: 'auto' | 'off';
  /** Cloud resources: the API behind them and the agent's `cloud` settings (regions, …). */
  cloud?: { api: CloudApi; config: Record<string, unknown> };
}

/** An Agent wired like production, but on a ManualClock and a loopback test hub. */
export function makeAgent(
  kube: KubeApi,
  hubAddress: string,
  clock: Clock,
  options: Partial<HarnessOptions> = {},
) {
  const config = configSchema.parse({
    clusterId: 'test-cluster',
    instanceId: options.instanceId ?? 'agent-a',
    agentNamespace: 'curfew-system',
    hub: { address: hubAddress, token: TOKEN, tls: false },
    policy: {
      mode: options.mode ?? 'opt-in',
      defaultUptime: options.uptime ?? 'Mon-Fri 08:00-19:00 UTC',
    },
    leaderElection: { enabled: options.leaderElection ?? false },
    resumeReadyTimeoutMs: 5 * 60_000,
    concurrency: options.concurrency ?? 16,
    gitops: { mode: options.gitops ?? 'auto' },
    ...(options.cloud ? { cloud: options.cloud.config } : {}),
  });
  let seed = 1;
  const random = () => {
    // Deterministic "randomness" (a tiny LCG): tests must not depend on luck.
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  return new Agent({
    config,
    kube,
    clock,
    random,
    log: pino({ level: process.env.CURFEW_TEST_LOG ?? 'silent' }),
    hubCredentials: grpc.credentials.createInsecure(),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    backoff: { baseMs: 10, maxMs: 50 },
    snapshotDelayMs: 10,
    ...(options.cloud ? { cloud: options.cloud.api } : {}),
  });
}

export async function startHub() {
  // Heartbeats are not what these scenarios test; daily ones keep ManualClock jumps cheap.
  const hub = new TestHub(TOKEN, 24 * 60 * 60_000);
  const address = await hub.start();
  return { hub, address };
}

/** Monday 2026-11-23, in UTC. */
export const MONDAY = Date.parse('2026-11-23T00:00:00Z');
export const at = (hhmm: string, day = MONDAY) => {
  const [h, m] = hhmm.split(':').map(Number);
  return day + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
};

export { ManualClock };
