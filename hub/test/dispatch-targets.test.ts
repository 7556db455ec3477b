/**
 * What the CommandDispatcher (the Slack path) does with a command's target: clusters that
 * cannot take commands are answered at once, and EXTEND carries its namespace scope.
 */
import { Action } from '@curfew/proto';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchRequest } from '../src/ports.js';
import { FakeAgent } from './support/fake-agent.js';
import { type RunningHub, startHub } from './support/hub-harness.js';

let redis: RedisServer;
let hub: RunningHub;
let agent: FakeAgent;

beforeAll(async () => {
  redis = await startRedisServer();
  hub = await startHub(redis.url, 'dt:');
  const token = (await hub.api('/api/v1/clusters', { body: { name: 'live' } })).body.token;
  await hub.api('/api/v1/clusters', { body: { name: 'gone' } });
  await hub.api('/api/v1/clusters/gone/revoke', { method: 'POST' });
  agent = new FakeAgent({ address: hub.grpcAddress, token, clusterId: 'live' });
  await agent.next('welcome');
});
afterAll(async () => {
  agent.close();
  await hub.stop();
  await redis.stop();
});

describe('a command for a cluster that cannot take it', () => {
  it.each([
    {
      name: 'an unknown cluster is answered at once, naming it',
      cluster: 'nope',
      kind: 'unknown',
      says: /no cluster "nope" is registered/,
    },
    {
      name: 'a revoked cluster is answered at once, saying to register it again',
      cluster: 'gone',
      kind: 'revoked',
      says: /cluster "gone" was revoked; register it again/,
    },
  ])('$name', async ({ cluster, kind, says }) => {
    // A wait far beyond the test timeout: only an immediate answer lets this pass.
    const outcome = await hub.hub.ports.dispatcher.dispatch(
      { action: Action.SUSPEND, clusterId: cluster, namespace: 'team-a', requestedBy: 'U1' },
      60_000,
    );
    expect(outcome).toEqual({
      state: 'unavailable',
      message: expect.stringMatching(says),
      reason: 'cluster',
      cluster: kind,
    });
    expect(agent.commands).toHaveLength(0);
  });
});

describe('EXTEND targets', () => {
  it.each([
    {
      name: 'an EXTEND with a namespace extends only that namespace',
      request: { namespace: 'team-a' },
      target: { clusterId: 'live', skuPrefix: '/tribe/squad', namespace: 'team-a' },
    },
    {
      name: 'an EXTEND without a namespace covers the whole cluster',
      request: {},
      target: { clusterId: 'live', skuPrefix: '/tribe/squad', namespace: '' },
    },
  ])('$name', async ({ request, target }) => {
    const before = agent.commands.length;
    const extend: DispatchRequest = {
      action: Action.EXTEND,
      clusterId: 'live',
      skuPrefix: '/tribe/squad',
      durationMs: 3_600_000,
      requestedBy: 'U1',
      ...request,
    };
    await hub.hub.ports.dispatcher.dispatch(extend, 10);
    await agent.next('command', before + 1);
    const command = agent.commands[before];
    expect(command?.target).toEqual({ case: 'sku', value: expect.objectContaining(target) });
  });
});
