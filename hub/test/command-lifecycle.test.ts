import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import { Action, CommandStatus } from '@curfew/proto';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchOutcome } from '../src/ports.js';
import { FakeAgent } from './support/fake-agent.js';
import { type RunningHub, startHub } from './support/hub-harness.js';

let redis: RedisServer;
let hub: RunningHub;
const agents: FakeAgent[] = [];
let counter = 0;

beforeAll(async () => {
  redis = await startRedisServer();
  hub = await startHub(redis.url, 'life:', { COMMAND_TTL: '1s', RESULT_GRACE: '1s' });
});
afterEach(() => {
  for (const agent of agents.splice(0)) agent.close();
});
afterAll(async () => {
  await hub.stop();
  await redis.stop();
});

async function connectedCluster(): Promise<{ clusterId: string; agent: FakeAgent }> {
  const clusterId = `life-${++counter}`;
  const token = (await hub.api('/api/v1/clusters', { body: { name: clusterId } })).body.token;
  const agent = new FakeAgent({ address: hub.grpcAddress, token, clusterId });
  agents.push(agent);
  await agent.next('welcome');
  return { clusterId, agent };
}

function outcomeOf(commandId: string): Promise<DispatchOutcome> {
  return new Promise((resolve) => hub.hub.ports.dispatcher.onOutcome(commandId, resolve));
}

async function dispatch(clusterId: string): Promise<string> {
  const outcome = await hub.hub.ports.dispatcher.dispatch(
    { action: Action.SUSPEND, clusterId, namespace: 'team-a', requestedBy: 'U1' },
    20,
  );
  if (outcome.state !== 'pending') throw new Error(`expected pending, got ${outcome.state}`);
  return outcome.commandId;
}

describe('a command after it reached the agent', () => {
  it('gets a grace period after its deadline, then expires saying the result is unknown', async () => {
    const { clusterId, agent } = await connectedCluster();
    const commandId = await dispatch(clusterId);
    const command = await agent.next('command');
    // Whole milliseconds: dropping the nanos made the deadline look up to 1 s earlier.
    const deadline = timestampMs(command.deadline ?? timestampFromMs(0));
    expect(deadline).toBeGreaterThan(Date.now());

    const outcome = await outcomeOf(commandId);
    expect(Date.now()).toBeGreaterThanOrEqual(deadline + 900);
    expect(outcome).toMatchObject({
      state: 'expired',
      message: expect.stringContaining('reported no result in time'),
    });

    // A result that arrives after the hub gave up does not change the outcome.
    agent.answer(commandId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await hub.hub.ports.dispatcher.outcome(commandId)).toMatchObject({ state: 'expired' });
  });

  it('stays pending after ACCEPTED and finishes with the final result', async () => {
    const { clusterId, agent } = await connectedCluster();
    const commandId = await dispatch(clusterId);
    await agent.next('command');

    agent.answer(commandId, CommandStatus.ACCEPTED, 'scaling down');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await hub.hub.ports.dispatcher.outcome(commandId)).toEqual({
      state: 'pending',
      commandId,
    });

    const told = outcomeOf(commandId);
    agent.answer(commandId, CommandStatus.FAILED, 'quota exceeded');
    expect(await told).toMatchObject({ state: 'done', result: { status: CommandStatus.FAILED } });
    const audit = await hub.hub.ports.audit.list();
    expect(audit).toContainEqual(
      expect.objectContaining({ commandId, outcome: 'failed', detail: 'quota exceeded' }),
    );
  });

  it('reports the agent refusing a late command as expired', async () => {
    const { clusterId, agent } = await connectedCluster();
    const commandId = await dispatch(clusterId);
    await agent.next('command');
    const told = outcomeOf(commandId);
    agent.answer(commandId, CommandStatus.EXPIRED, 'deadline passed before the agent could act');
    expect(await told).toEqual({
      state: 'expired',
      commandId,
      message: 'deadline passed before the agent could act',
    });
  });

  it('ignores a result sent by another cluster for a command that is not its own', async () => {
    const { clusterId, agent } = await connectedCluster();
    const other = await connectedCluster();
    const commandId = await dispatch(clusterId);
    await agent.next('command');

    other.agent.answer(commandId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await hub.hub.ports.dispatcher.outcome(commandId))?.state).toBe('pending');
  });
});
