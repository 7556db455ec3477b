/**
 * The hub through a live Sentinel failover (issue 13 part 4): the primary is SIGKILLed as a
 * lost node is, the Sentinel promotes the replica, and the same hub process — never restarted,
 * given only the Sentinel's address — goes unready, finds the new primary by itself and is
 * ready again, with everything written before the failover there: the cluster, its hashed
 * token (the agent streams again), routing to it; and new work (a new cluster, the BullMQ
 * outbox, the audit) lands on the new primary.
 */

import { CommandStatus } from '@curfew/proto';
import { type RedisSentinel, startRedisSentinel } from '@curfew/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAgent } from './support/fake-agent.js';
import { eventually } from './support/hub-harness.js';
import {
  adminApi,
  type HubOnRedis,
  registerRouteNotifyAudit,
  startHubOnRedis,
} from './support/hub-on-redis.js';

let redis: RedisSentinel;
let running: HubOnRedis;

beforeAll(async () => {
  redis = await startRedisSentinel({ replica: true });
  running = await startHubOnRedis({ url: redis.url, prefix: 'curfew:' });
}, 300_000);

afterAll(async () => {
  await running?.stop();
  await redis?.stop();
});

const ready = async () => (await fetch(`${running.hub.url}/readyz`)).status === 200;

describe('the hub through a Sentinel failover', () => {
  it('finds the promoted replica by itself and keeps what was written before', async () => {
    const token = await registerRouteNotifyAudit(running, { clusterId: 'dev-eu', user: 'ana' });
    const before = await redis.currentPrimaryPort();
    expect(before).toBe(redis.primary.port);

    await redis.failover();
    expect(await redis.currentPrimaryPort()).toBe(redis.replica?.port);
    await eventually(ready, 60_000);

    // Written before the failover, read from the new primary.
    const cluster = await adminApi(running.hub, '/api/v1/clusters/dev-eu');
    expect(cluster.status).toBe(200);
    const agent = new FakeAgent({
      address: `127.0.0.1:${running.hub.grpcPort}`,
      token,
      clusterId: 'dev-eu',
      onCommand: (command, self) => self.answer(command.id, CommandStatus.SUCCEEDED, 'still here'),
    });
    try {
      await agent.next('welcome', 1, 30_000);
      const routed = await eventually(async () => {
        const action = await adminApi(running.hub, '/api/v1/actions', {
          cluster: 'dev-eu',
          namespace: 'team-a',
          action: 'status',
          wait: 10,
        });
        return action.status === 200 ? action : undefined;
      }, 30_000);
      expect(routed.json).toMatchObject({ state: 'done', result: { message: 'still here' } });
    } finally {
      agent.close();
    }

    // New writes of every kind go to the new primary.
    await registerRouteNotifyAudit(running, { clusterId: 'dev-us', user: 'ben' });
  }, 180_000);
});
