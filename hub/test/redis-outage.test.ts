import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandStatus } from '@curfew/proto';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAgent } from './support/fake-agent.js';
import { eventually, type RunningHub, startHub } from './support/hub-harness.js';

// One scenario, in order: Redis (with an fsync-always AOF, like production) is killed and
// restarted under two live replicas.
let redis: RedisServer;
let dataDir: string;
let a: RunningHub;
let b: RunningHub;
const agents: FakeAgent[] = [];

function agent(hub: RunningHub, clusterId: string, token: string): FakeAgent {
  const created = new FakeAgent({
    address: hub.grpcAddress,
    token,
    clusterId,
    // Like the real agent, answers a repeated command id again with the same result.
    onCommand: (command, self) =>
      self.send({
        message: {
          case: 'commandResult',
          value: { commandId: command.id, status: CommandStatus.SUCCEEDED, message: 'ok' },
        },
      }),
  });
  agents.push(created);
  return created;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'curfew-redis-'));
  redis = await startRedisServer({ persistDir: dataDir });
  a = await startHub(redis.url, 'outage:');
  b = await startHub(redis.url, 'outage:');
});

afterAll(async () => {
  for (const each of agents) each.close();
  await a?.stop();
  await b?.stop();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a Redis outage under two replicas', () => {
  let offlineToken = '';
  let onlineAgent: FakeAgent;
  let pendingId = '';
  let slowAgent: FakeAgent;
  let inFlightId = '';

  it('accepts a command for an offline cluster before the outage', async () => {
    offlineToken = (await a.api('/api/v1/clusters', { body: { name: 'offline' } })).body.token;
    const onlineToken = (await a.api('/api/v1/clusters', { body: { name: 'online' } })).body.token;
    onlineAgent = agent(b, 'online', onlineToken);
    await onlineAgent.next('welcome');

    const response = await a.api('/api/v1/actions', {
      body: { cluster: 'offline', namespace: 'team-a', action: 'suspend', wait: 0.05 },
    });
    expect(response.status).toBe(202);
    pendingId = response.body.id;

    // A command the agent has received but not answered when Redis goes away.
    const slowToken = (await a.api('/api/v1/clusters', { body: { name: 'slow' } })).body.token;
    slowAgent = new FakeAgent({ address: b.grpcAddress, token: slowToken, clusterId: 'slow' });
    agents.push(slowAgent);
    await slowAgent.next('welcome');
    const inFlight = await a.api('/api/v1/actions', {
      body: { cluster: 'slow', namespace: 'team-a', action: 'resume', wait: 0.05 },
    });
    inFlightId = inFlight.body.id;
    expect((await slowAgent.next('command')).id).toBe(inFlightId);
  });

  it('reports not ready and answers new work with a clear 503 while Redis is down', async () => {
    await redis.kill();

    const readyz = await eventually(async () => {
      const response = await fetch(`${a.baseUrl}/readyz`);
      return response.status === 503 ? response.json() : null;
    });
    expect(readyz).toMatchObject({ status: 'not ready', reasons: ['redis unreachable'] });
    expect((await fetch(`${a.baseUrl}/healthz`)).status).toBe(200);

    const action = await a.api('/api/v1/actions', {
      body: { cluster: 'online', namespace: 'team-a', action: 'resume' },
    });
    expect(action.status).toBe(503);
    expect(action.body).toEqual({
      error: 'redis_unavailable',
      message: expect.stringContaining('cannot reach Redis'),
    });
    const dispatched = await b.hub.ports.dispatcher.dispatch(
      { action: 1, clusterId: 'online', namespace: 'x', requestedBy: 'U1' },
      100,
    );
    expect(dispatched.state).toBe('unavailable');

    // A new agent is told to come back later with a retryable gRPC status, not a Reject.
    const newcomer = agent(a, 'offline', offlineToken);
    const status = await newcomer.closed;
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
    // A result that arrives now cannot be stored...
    slowAgent.answer(inFlightId);
    // The agent that was already connected keeps its stream.
    expect(onlineAgent.received.some((m) => m.message.case === 'reject')).toBe(false);
  });

  it('recovers by itself when Redis returns and loses no accepted command', async () => {
    await redis.restart();
    for (const hub of [a, b]) {
      await eventually(
        async () => (await fetch(`${hub.baseUrl}/readyz`)).status === 200,
        15_000,
        'ready again',
      );
    }

    const late = agent(b, 'offline', offlineToken);
    const command = await late.next('command');
    expect(command.id).toBe(pendingId);
    const polled = await eventually(async () => {
      const response = await a.api(`/api/v1/actions/${pendingId}`);
      return response.body.state === 'done' ? response.body : null;
    });
    expect(polled.result.status).toBe('COMMAND_STATUS_SUCCEEDED');

    // ...so after the outage the hub sends the command again and the agent repeats its result.
    expect((await slowAgent.next('command', 2, 10_000)).id).toBe(inFlightId);
    slowAgent.answer(inFlightId);
    await eventually(
      async () => (await a.api(`/api/v1/actions/${inFlightId}`)).body.state === 'done',
    );

    // The stream that lived through the outage works again, with presence re-asserted.
    const response = await a.api('/api/v1/actions', {
      body: { cluster: 'online', namespace: 'team-a', action: 'status' },
    });
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('done');
  });
});
