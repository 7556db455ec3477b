/**
 * Actions an agent took by itself reach the hub only as notifications; each is audited once
 * per notification id across replicas, re-sends and sink failures.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { NotificationKind, type NotificationSchema } from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/ports.js';
import { FakeAgent } from './support/fake-agent.js';
import { eventually, type RunningHub, redisForFile, startHub } from './support/hub-harness.js';

const redis = redisForFile();
const { cleanups } = redis;
let counter = 0;

async function twoHubs(): Promise<[RunningHub, RunningHub]> {
  const prefix = `aa${++counter}:`;
  const a = await startHub(redis.url, prefix);
  cleanups.push(() => a.stop());
  const b = await startHub(redis.url, prefix);
  cleanups.push(() => b.stop());
  return [a, b];
}

async function connect(hub: RunningHub, clusterId: string, token: string): Promise<FakeAgent> {
  const agent = new FakeAgent({ address: hub.grpcAddress, token, clusterId });
  cleanups.push(() => agent.close());
  await agent.next('welcome');
  agent.report(['team-a']);
  return agent;
}

type NotificationInit = MessageInitShape<typeof NotificationSchema>;

function send(agent: FakeAgent, value: NotificationInit): void {
  agent.send({ message: { case: 'notification', value } });
}

function agentEntries(entries: AuditEntry[]): AuditEntry[] {
  return entries.filter((entry) => !entry.action.startsWith('cluster.'));
}

describe('actions an agent took by itself', () => {
  it.each([
    {
      name: 'a schedule suspend without an actor is recorded as done by the schedule',
      notification: { kind: NotificationKind.SUSPENDED, text: 'end of uptime window' },
      expected: { actor: 'schedule', action: 'suspend', detail: 'end of uptime window' },
    },
    {
      name: 'an auto-wake resume names the actor the agent reported',
      notification: { kind: NotificationKind.RESUMED, actor: 'schedule', text: '4 of 4 ready' },
      expected: { actor: 'schedule', action: 'resume', detail: '4 of 4 ready' },
    },
    {
      name: 'an expiry lists the expired workloads',
      notification: {
        kind: NotificationKind.EXPIRED,
        workloads: [{ kind: 'Deployment', name: 'web', sku: '/t/a' }],
      },
      expected: { actor: 'schedule', action: 'expire', detail: 'workloads: Deployment/web' },
    },
    {
      name: 'drift is recorded with what the agent saw',
      notification: { kind: NotificationKind.DRIFT, text: 'argocd restored replicas' },
      expected: { actor: 'schedule', action: 'drift', detail: 'argocd restored replicas' },
    },
  ])('$name', async ({ notification, expected }) => {
    const [a] = await twoHubs();
    const token = (await a.api('/api/v1/clusters', { body: { name: 'solo' } })).body.token;
    const agent = await connect(a, 'solo', token);
    send(agent, { id: 'n-1', namespace: 'team-a', ...notification });
    await agent.next('notificationAck');
    expect(agentEntries(await a.hub.ports.audit.list())).toEqual([
      {
        at: expect.any(Number),
        clusterId: 'solo',
        actorSource: 'agent:solo',
        namespace: 'team-a',
        outcome: 'succeeded',
        ...expected,
      },
    ]);
  });

  it('records one entry per notification id across re-sends, replicas and a failing sink', async () => {
    const [a, b] = await twoHubs();
    let failing = true;
    for (const hub of [a, b]) {
      hub.hub.setNotificationSink({
        async deliver() {
          if (failing) throw new Error('slack down');
        },
      });
    }
    const token = (await a.api('/api/v1/clusters', { body: { name: 'multi' } })).body.token;
    const first = await connect(a, 'multi', token);
    const suspended = { id: 'n-s', kind: NotificationKind.SUSPENDED, namespace: 'team-a' };
    send(first, suspended);
    send(first, { id: 'ping', kind: NotificationKind.REMINDER, namespace: 'team-a' });
    await eventually(async () => agentEntries(await a.hub.ports.audit.list()).length === 1);
    failing = false;
    send(first, suspended);
    await first.next('notificationAck');

    const second = await connect(b, 'multi', token);
    send(second, suspended);
    // Too late to tell anyone, but the suspend still happened.
    send(second, {
      ...suspended,
      id: 'n-late',
      staleAfter: timestampFromMs(Date.now() - 1_000),
    });
    // An outcome of a command: the router audits the command itself.
    send(second, { ...suspended, id: 'n-cmd', commandId: 'c-1' });
    await second.next('notificationAck', 3);

    const entries = agentEntries(await b.hub.ports.audit.list());
    expect(entries.map((entry) => `${entry.action}:${entry.actor}`)).toEqual([
      'suspend:schedule',
      'suspend:schedule',
    ]);
    const metrics = [a, b].map(async (hub) => (await fetch(`${hub.baseUrl}/metrics`)).text());
    const counted = (await Promise.all(metrics)).map((text) =>
      Number(/curfew_hub_agent_actions_total\{action="suspend"\} (\d+)/.exec(text)?.[1] ?? 0),
    );
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(2);
  });
});
