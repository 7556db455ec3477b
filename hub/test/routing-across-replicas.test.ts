import { CommandStatus, NamespaceState } from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import { FakeAgent } from './support/fake-agent.js';
import { eventually, type RunningHub, redisForFile, startHub } from './support/hub-harness.js';

const redis = redisForFile();
const { cleanups } = redis;

let prefixCounter = 0;
async function twoReplicas(env: Record<string, string> = {}): Promise<[RunningHub, RunningHub]> {
  const prefix = `t${++prefixCounter}:`;
  const a = await startHub(redis.url, prefix, env);
  cleanups.push(() => a.stop());
  const b = await startHub(redis.url, prefix, env);
  cleanups.push(() => b.stop());
  return [a, b];
}

function agentOn(hub: RunningHub, clusterId: string, token: string, answer = true): FakeAgent {
  const agent = new FakeAgent({
    address: hub.grpcAddress,
    token,
    clusterId,
    ...(answer
      ? {
          onCommand: (command, self) =>
            self.send({
              message: {
                case: 'commandResult',
                value: {
                  commandId: command.id,
                  status: CommandStatus.SUCCEEDED,
                  message: `done by ${clusterId}`,
                  namespace: { name: 'team-a', state: NamespaceState.SUSPENDED },
                },
              },
            }),
        }
      : {}),
  });
  cleanups.push(() => agent.close());
  return agent;
}

async function register(hub: RunningHub, name: string): Promise<string> {
  const response = await hub.api('/api/v1/clusters', { body: { name } });
  expect(response.status).toBe(201);
  return response.body.token as string;
}

describe('routing commands across two hub replicas on one Redis', () => {
  it('delivers a command sent via replica A to the agent on replica B and returns the result to A', async () => {
    const [a, b] = await twoReplicas();
    const token = await register(a, 'prod-eu');
    const agent = agentOn(b, 'prod-eu', token);
    await agent.next('welcome');

    const response = await a.api('/api/v1/actions', {
      body: { cluster: 'prod-eu', namespace: 'team-a', action: 'suspend' },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'done',
      result: { status: 'COMMAND_STATUS_SUCCEEDED', message: 'done by prod-eu' },
    });
    const [command] = agent.commands;
    expect(command?.id).toBe(response.body.id);
    expect(command?.requestedBy).toBe('api:ci');
    expect(command?.target).toMatchObject({ case: 'namespace', value: { namespace: 'team-a' } });
  });

  it('has the outcome audited once when the asking replica hears it, also when the agent answers twice', async () => {
    const [a, b] = await twoReplicas();
    const token = await register(a, 'audited');
    const agent = new FakeAgent({
      address: b.grpcAddress,
      token,
      clusterId: 'audited',
      // A repeated answer (as after a re-delivery) must neither audit nor announce again.
      onCommand: (command, self) => {
        self.answer(command.id, CommandStatus.SUCCEEDED, 'first');
        self.answer(command.id, CommandStatus.FAILED, 'second');
      },
    });
    cleanups.push(() => agent.close());
    await agent.next('welcome');
    const auditedWhenHeard = async (namespace: string) => {
      const outcome = await a.hub.ports.dispatcher.dispatch(
        { action: 1, clusterId: 'audited', namespace, requestedBy: 'U1' },
        10_000,
      );
      expect(outcome).toMatchObject({ state: 'done', result: { message: 'first' } });
      if (outcome.state !== 'done') throw new Error(`not done: ${outcome.state}`);
      // Read at once: the entry was written before the outcome was announced.
      const entries = (await a.hub.ports.audit.list({ clusterId: 'audited' })).filter(
        (entry) => entry.commandId !== undefined,
      );
      return { commandId: outcome.commandId, entries };
    };
    const first = await auditedWhenHeard('team-a');
    expect(first.entries).toEqual([
      expect.objectContaining({
        commandId: first.commandId,
        outcome: 'succeeded',
        actor: 'U1',
        namespace: 'team-a',
        detail: 'first',
      }),
    ]);
    // The agent's messages are handled in order: by the time the second command's outcome is
    // heard, the first one's repeated answer was handled too.
    const second = await auditedWhenHeard('team-b');
    expect(second.entries.map((entry) => entry.commandId).sort()).toEqual(
      [first.commandId, second.commandId].sort(),
    );
    const polled = await a.api(`/api/v1/actions/${first.commandId}`);
    expect(polled.body).toMatchObject({ state: 'done', result: { message: 'first' } });
  });

  it('keeps a command for an offline cluster and delivers it when the agent connects to the other replica', async () => {
    const [a, b] = await twoReplicas();
    const token = await register(a, 'offline-1');

    const response = await a.api('/api/v1/actions', {
      body: {
        cluster: 'offline-1',
        namespace: 'team-a',
        action: 'snooze',
        duration: '1h',
        wait: 0.1,
      },
    });
    expect(response.status).toBe(202);
    expect(response.body.state).toBe('pending');
    expect(response.headers.get('location')).toBe(`/api/v1/actions/${response.body.id}`);
    const told = new Promise((resolve) =>
      a.hub.ports.dispatcher.onOutcome(response.body.id, resolve),
    );

    const agent = agentOn(b, 'offline-1', token);
    const command = await agent.next('command');
    expect(command.id).toBe(response.body.id);
    expect(Number(command.duration?.seconds)).toBe(3600);

    await expect(told).resolves.toMatchObject({ state: 'done', commandId: response.body.id });
    const polled = await a.api(`/api/v1/actions/${response.body.id}`);
    expect(polled.body).toMatchObject({
      state: 'done',
      result: { status: 'COMMAND_STATUS_SUCCEEDED' },
    });
  });

  it('expires a command nobody picked up and tells the requester on its replica', async () => {
    const [a, b] = await twoReplicas({ COMMAND_TTL: '1s' });
    await register(a, 'never-online');

    const outcome = await b.hub.ports.dispatcher.dispatch(
      { action: 1, clusterId: 'never-online', namespace: 'team-a', requestedBy: 'U123' },
      50,
    );
    expect(outcome.state).toBe('pending');
    if (outcome.state !== 'pending') return;
    const told = await new Promise((resolve) =>
      b.hub.ports.dispatcher.onOutcome(outcome.commandId, resolve),
    );

    expect(told).toMatchObject({
      state: 'expired',
      commandId: outcome.commandId,
      message: expect.stringContaining('was not connected'),
    });
    const entries = await a.hub.ports.audit.list();
    expect(entries).toContainEqual(
      expect.objectContaining({ outcome: 'expired', actor: 'U123', commandId: outcome.commandId }),
    );
    // Expired commands are not delivered to an agent that connects later.
    const latecomer = agentOn(
      a,
      'never-online',
      (await a.api('/api/v1/clusters/never-online/rotate', { body: {} })).body.token,
    );
    await latecomer.next('welcome');
    latecomer.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(latecomer.commands).toHaveLength(0);
  });

  it('runs a command once when the same idempotency key is sent twice', async () => {
    const [a, b] = await twoReplicas();
    const token = await register(a, 'idem');
    const agent = agentOn(b, 'idem', token);
    await agent.next('welcome');

    const send = (hub: RunningHub) =>
      hub.api('/api/v1/actions', {
        body: { cluster: 'idem', namespace: 'team-a', action: 'resume' },
        headers: { 'idempotency-key': 'retry-42' },
      });
    const first = await send(a);
    const second = await send(b);

    expect(first.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(agent.commands.map((command) => command.id)).toEqual([first.body.id]);
  });

  it('delivers queued commands to the agent on the other replica once each, oldest first', async () => {
    // The first travels with its nudge (the cluster's only queued command); the others find
    // older ones unanswered in the queue and make the holder read it, which must neither
    // resend the first nor let a later one overtake an earlier one.
    const [a, b] = await twoReplicas();
    const token = await register(a, 'busy');
    const agent = agentOn(b, 'busy', token, false);
    await agent.next('welcome');

    const ids: string[] = [];
    for (const namespace of ['team-a', 'team-b', 'team-c']) {
      const response = await a.api('/api/v1/actions', {
        body: { cluster: 'busy', namespace, action: 'suspend', wait: 0 },
      });
      expect(response.status).toBe(202);
      ids.push(response.body.id);
    }
    await agent.next('command', 3);
    for (const id of ids) agent.answer(id, CommandStatus.SUCCEEDED, 'ok');
    await eventually(async () => {
      const states = await Promise.all(
        ids.map(async (id) => (await a.api(`/api/v1/actions/${id}`)).body.state),
      );
      return states.every((state) => state === 'done');
    });
    expect(agent.commands.map((command) => command.id)).toEqual(ids);
  });

  it('disconnects the agent at once when its cluster is revoked on another replica', async () => {
    const [a, b] = await twoReplicas();
    const token = await register(a, 'to-revoke');
    const agent = agentOn(b, 'to-revoke', token);
    await agent.next('welcome');

    const revoked = await a.api('/api/v1/clusters/to-revoke/revoke', { method: 'POST' });
    expect(revoked.status).toBe(200);

    const reject = await agent.next('reject');
    expect(reject.reason).toBe(2); // REVOKED
    await agent.closed;
    const again = agentOn(a, 'to-revoke', token);
    expect((await again.next('reject')).reason).toBe(2);
    const listed = await b.api('/api/v1/clusters/to-revoke');
    expect(listed.body).toMatchObject({ revoked: true, connected: false });
  });

  it('replaces an older stream of the same cluster with a newer one on another replica', async () => {
    const [a, b] = await twoReplicas();
    const token = await register(a, 'dup');
    const older = agentOn(a, 'dup', token);
    await older.next('welcome');
    const newer = agentOn(b, 'dup', token);
    await newer.next('welcome');

    expect((await older.next('reject')).reason).toBe(4); // REPLACED
    await older.closed;
    // The older stream's close must not delete the newer stream's presence.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cluster = await a.api('/api/v1/clusters/dup');
    expect(cluster.body).toMatchObject({ connected: true, hubInstance: b.hub.instanceId });

    const response = await a.api('/api/v1/actions', {
      body: { cluster: 'dup', namespace: 'team-a', action: 'status' },
    });
    expect(response.body.state).toBe('done');
    expect(newer.commands).toHaveLength(1);
    expect(older.commands).toHaveLength(0);
  });

  it('removes presence when the agent disconnects and shows when it was last seen', async () => {
    const [a, b] = await twoReplicas();
    const token = await register(a, 'leaver');
    const agent = agentOn(b, 'leaver', token, false);
    await agent.next('welcome');
    expect((await a.api('/api/v1/clusters/leaver')).body).toMatchObject({
      connected: true,
      agentVersion: '0.1.0-test',
    });

    agent.close();

    const after = await eventually(async () => {
      const { body } = await a.api('/api/v1/clusters/leaver');
      return body.connected === false ? body : null;
    });
    expect(after.lastSeen).toEqual(expect.any(String));
  });

  it('tells its agents to move when a replica shuts down', async () => {
    const [a, b] = await twoReplicas();
    const token = await register(a, 'drained');
    const agent = agentOn(b, 'drained', token);
    await agent.next('welcome');

    await b.stop();

    expect((await agent.next('drain')).message).toMatch(/reconnect/);
    const { body } = await a.api('/api/v1/clusters/drained');
    expect(body.connected).toBe(false);
  });
});
