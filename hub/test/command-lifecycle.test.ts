import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import { Action, CommandStatus } from '@curfew/proto';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchOutcome } from '../src/ports.js';
import { FakeAgent } from './support/fake-agent.js';

import { eventually, type RunningHub, startHub } from './support/hub-harness.js';

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

/** The end of a command (progress reports on the way are left out). */
function outcomeOf(commandId: string): Promise<DispatchOutcome> {
  return new Promise((resolve) =>
    hub.hub.ports.dispatcher.onOutcome(commandId, (o) => {
      if (o.state !== 'pending') resolve(o);
    }),
  );
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

  it('stays pending after ACCEPTED, telling listeners the progress, and finishes with the final result', async () => {
    const { clusterId, agent } = await connectedCluster();
    const commandId = await dispatch(clusterId);
    await agent.next('command');
    const heard: DispatchOutcome[] = [];
    hub.hub.ports.dispatcher.onOutcome(commandId, (o) => heard.push(o));

    agent.answer(commandId, CommandStatus.ACCEPTED, 'deleting: team-a is terminating');
    await eventually(() => heard.length > 0);
    expect(heard).toEqual([
      { state: 'pending', commandId, progress: 'deleting: team-a is terminating' },
    ]);
    expect(await hub.hub.ports.dispatcher.outcome(commandId)).toEqual({
      state: 'pending',
      commandId,
      progress: 'deleting: team-a is terminating',
    });

    const told = outcomeOf(commandId);
    agent.answer(commandId, CommandStatus.FAILED, 'quota exceeded');
    expect(await told).toMatchObject({ state: 'done', result: { status: CommandStatus.FAILED } });
    await eventually(() => heard.some((o) => o.state === 'done'));
    expect(heard.at(-1)).toMatchObject({ state: 'done', result: { message: 'quota exceeded' } });
    expect(new Set(heard.slice(0, -1).map((o) => o.state === 'pending' && o.progress))).toEqual(
      new Set(['deleting: team-a is terminating']),
    );
    const audit = await hub.hub.ports.audit.list();
    expect(audit).toContainEqual(
      expect.objectContaining({ commandId, outcome: 'failed', detail: 'quota exceeded' }),
    );
  });

  it('a dispatch that waits long enough gets the end; one that waits less gets the progress', async () => {
    const { clusterId, agent } = await connectedCluster();
    const long = hub.hub.ports.dispatcher.dispatch(
      { action: Action.DELETE, clusterId, namespace: 'team-a', requestedBy: 'U1' },
      30_000,
    );
    const first = await agent.next('command');
    agent.answer(first.id, CommandStatus.ACCEPTED, 'deleting: team-a is terminating');
    await eventually(async () => {
      const o = await hub.hub.ports.dispatcher.outcome(first.id);
      return o?.state === 'pending' && o.progress;
    });
    agent.answer(first.id, CommandStatus.SUCCEEDED, 'team-a was deleted.');
    expect(await long).toMatchObject({ state: 'done', result: { message: 'team-a was deleted.' } });

    const short = hub.hub.ports.dispatcher.dispatch(
      { action: Action.DELETE, clusterId, namespace: 'team-b', requestedBy: 'U1' },
      // Long enough for the ACCEPTED to arrive first, short of this file's 1 s TTL + 1 s grace.
      1_500,
    );
    const second = await agent.next('command', 2);
    agent.answer(second.id, CommandStatus.ACCEPTED, 'deleting: team-b is terminating');
    expect(await short).toEqual({
      state: 'pending',
      commandId: second.id,
      progress: 'deleting: team-b is terminating',
    });
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
