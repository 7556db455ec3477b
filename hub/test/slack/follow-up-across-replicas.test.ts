/**
 * The replica that took a Slack request dies before the cluster answers (issue 18, finding 3):
 * another replica finishes the requester's message from what Redis holds — the agent's
 * result, the expiry of a command for an offline cluster, and a result that arrived while no
 * replica's Slack side was there to hear it. Whole hub replicas, real Redis, the slack-sim and
 * an agent over real gRPC.
 */
import { CommandStatus, NamespaceState } from '@curfew/proto';
import { blocksText, type SimUser, SlackSim } from '@curfew/slack-sim';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/ports.js';
import { FakeAgent } from '../support/fake-agent.js';
import { eventually, redisForFile } from '../support/hub-harness.js';
import { type SlackHub, type SlackHubOptions, startSlackHub } from './support/slack-hubs.js';

const redis = redisForFile();
const { cleanups } = redis;
let counter = 0;

interface World {
  sim: SlackSim;
  ana: SimUser;
  prefix: string;
  start(options?: SlackHubOptions): Promise<SlackHub>;
}

async function world(env: Record<string, string> = {}): Promise<World> {
  const sim = await SlackSim.start();
  cleanups.push(() => sim.close());
  const ana = sim.workspace.addUser({ name: 'ana', email: 'ana@example.com' });
  const prefix = `fu${++counter}:`;
  return {
    sim,
    ana,
    prefix,
    async start(options = {}) {
      const hub = await startSlackHub(redis.url, prefix, sim, {
        ...options,
        env: { ...env, ...options.env },
        // Short waits: the first answer says "still waiting" quickly; the sweep runs often.
        slack: { dispatchWaitMs: 200, followUpSweepMs: 200, ...options.slack },
      });
      cleanups.push(() => hub.stop());
      return hub;
    },
  };
}

/** Registers dev-eu and connects an agent that reports team-a (ana's) and holds every command. */
async function agentOn(hub: SlackHub, registrar: SlackHub): Promise<FakeAgent> {
  const registered = await registrar.api('/api/v1/clusters', { name: 'dev-eu' });
  expect(registered.status).toBe(201);
  const agent = new FakeAgent({
    address: hub.grpcAddress,
    token: String(registered.body.token),
    clusterId: 'dev-eu',
  });
  cleanups.push(() => agent.close());
  await agent.next('welcome');
  agent.report(['team-a'], 'ana@example.com');
  await eventually(async () => {
    const listed = await registrar.api('/api/v1/namespaces');
    return (listed.body.namespaces as unknown[]).length === 1;
  });
  return agent;
}

/** What ana sees of the answer to her slash command (its response_url message). */
function answer(w: World): string {
  const [message] = w.sim.workspace.dm(w.ana.id).filter((m) => !m.deleted);
  return blocksText(message?.blocks);
}

/** The agent's answer to a suspend of team-a: done, and the namespace as it is now. */
function reportSuspended(agent: FakeAgent, commandId: string, message = ''): void {
  agent.send({
    message: {
      case: 'commandResult',
      value: {
        commandId,
        status: CommandStatus.SUCCEEDED,
        message,
        namespace: { name: 'team-a', state: NamespaceState.SUSPENDED, owner: 'ana@example.com' },
      },
    },
  });
}

async function auditOf(hub: SlackHub): Promise<AuditEntry[]> {
  return (await hub.api('/api/v1/audit?limit=1000')).body.entries as AuditEntry[];
}

describe('a Slack request whose replica died before the cluster answered', () => {
  it("is finished by the replica that receives the agent's result", async () => {
    const w = await world();
    const a = await w.start();
    const b = await w.start();
    const agent = await agentOn(b, a);

    const sent = await a.slack.send(
      a.slack.slashCommand({ userId: w.ana.id, text: 'stop team-a' }),
    );
    expect(sent.status).toBe(200);
    const command = await agent.next('command');
    await eventually(() => answer(w).includes('has not answered yet'));
    await a.stop();

    reportSuspended(agent, command.id);

    await eventually(() => answer(w).includes(`Suspended by <@${w.ana.id}>`), 10_000);
    const slackEntries = (await auditOf(b)).filter((e) => e.action === 'slack:suspend');
    expect(slackEntries.map((e) => [e.outcome, e.commandId])).toEqual([['succeeded', command.id]]);
  });

  it('tells the requester the command expired when the cluster stays offline', async () => {
    const w = await world({ COMMAND_TTL: '1s' });
    const a = await w.start();
    const b = await w.start();
    const agent = await agentOn(b, a);
    agent.close();
    await eventually(async () => (await a.api('/api/v1/clusters/dev-eu')).body.connected === false);

    await a.slack.send(a.slack.slashCommand({ userId: w.ana.id, text: 'stop team-a' }));
    await eventually(() => answer(w).includes('is offline'));
    await a.stop();

    await eventually(() => answer(w).includes('Nothing was done to'), 10_000);
    expect(answer(w)).toContain('was not connected');
    const expired = (await auditOf(b)).filter((e) => e.action === 'slack:suspend');
    expect(expired.map((e) => e.outcome)).toEqual(['expired']);
  });

  it('is finished from Redis by a replica that starts after the result arrived unheard', async () => {
    const w = await world();
    const a = await w.start();
    // B routes for the cluster but has no Slack side (being restarted, say): nobody hears.
    const b = await w.start({ mountSlack: false });
    const agent = await agentOn(b, a);

    await a.slack.send(a.slack.slashCommand({ userId: w.ana.id, text: 'stop team-a' }));
    const command = await agent.next('command');
    await eventually(() => answer(w).includes('has not answered yet'));
    await a.stop();
    agent.answer(command.id, CommandStatus.SUCCEEDED, 'suspended 3 workloads');
    await eventually(async () => {
      const polled = await b.api(`/api/v1/actions/${command.id}`);
      return polled.body.state === 'done';
    });
    expect(answer(w)).toContain('has not answered yet');

    await w.start();
    await eventually(() => answer(w).includes('suspended 3 workloads'), 10_000);
    expect((await auditOf(b)).filter((e) => e.action === 'slack:suspend')).toHaveLength(1);
  });
});

describe('the audit of a Slack action', () => {
  it('has one entry per command, written by the router under Slack’s name', async () => {
    const w = await world();
    const hub = await w.start();
    const agent = await agentOn(hub, hub);

    await hub.slack.send(hub.slack.slashCommand({ userId: w.ana.id, text: 'stop team-a' }));
    const command = await agent.next('command');
    reportSuspended(agent, command.id, 'suspended 2 workloads');
    await eventually(() => answer(w).includes(`Suspended by <@${w.ana.id}>`), 10_000);

    const entries = (await auditOf(hub)).filter((e) => e.commandId === command.id);
    expect(entries).toEqual([
      expect.objectContaining({
        actor: w.ana.id,
        action: 'slack:suspend',
        clusterId: 'dev-eu',
        namespace: 'team-a',
        outcome: 'succeeded',
        detail: 'suspended 2 workloads',
      }),
    ]);
  });
});
