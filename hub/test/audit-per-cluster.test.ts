/**
 * An agent taken over writes audit entries through its notifications (issue 18, finding 5):
 * it must not write about namespaces it never reported, the actor it claims is recorded as
 * its word, and however much it writes it pushes out only its own cluster's history. Two hub
 * replicas, two clusters, real Redis.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import { CommandStatus, NotificationKind, type NotificationSchema } from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/ports.js';
import { FakeAgent } from './support/fake-agent.js';
import { eventually, type RunningHub, redisForFile, startHub } from './support/hub-harness.js';

const redis = redisForFile();
const { cleanups } = redis;
let counter = 0;

const CAP = 20;

interface Setup {
  a: RunningHub;
  b: RunningHub;
  good: FakeAgent;
  evil: FakeAgent;
  delivered: string[];
}

/** Replica A holds cluster `good`, replica B cluster `evil`; each agent reported its namespaces. */
async function setup(): Promise<Setup> {
  const prefix = `apc${++counter}:`;
  const env = { AUDIT_MAX_ENTRIES: String(CAP) };
  const a = await startHub(redis.url, prefix, env);
  cleanups.push(() => a.stop());
  const b = await startHub(redis.url, prefix, env);
  cleanups.push(() => b.stop());
  const delivered: string[] = [];
  for (const hub of [a, b]) {
    hub.hub.setNotificationSink({
      async deliver(clusterId, n) {
        delivered.push(`${clusterId}/${n.namespace}/${n.id}`);
      },
    });
  }
  const connect = async (hub: RunningHub, clusterId: string, namespaces: string[]) => {
    const token = (await a.api('/api/v1/clusters', { body: { name: clusterId } })).body.token;
    const agent = new FakeAgent({
      address: hub.grpcAddress,
      token,
      clusterId,
      onCommand: (command, self) => self.answer(command.id, CommandStatus.SUCCEEDED, 'ok'),
    });
    cleanups.push(() => agent.close());
    await agent.next('welcome');
    agent.report(namespaces);
    return agent;
  };
  const good = await connect(a, 'good', ['payments']);
  const evil = await connect(b, 'evil', ['own']);
  return { a, b, good, evil, delivered };
}

type NotificationInit = MessageInitShape<typeof NotificationSchema>;

function send(agent: FakeAgent, value: NotificationInit): void {
  agent.send({ message: { case: 'notification', value } });
}

async function audit(hub: RunningHub, query = ''): Promise<AuditEntry[]> {
  const response = await hub.api(`/api/v1/audit?limit=1000${query}`);
  expect(response.status).toBe(200);
  return response.body.entries as AuditEntry[];
}

describe('audit entries an agent reports', () => {
  it('refuses notifications about a namespace the agent never reported: no audit entry, no message', async () => {
    const { a, evil, delivered } = await setup();
    // `payments` is the other cluster's; `ghost` exists nowhere.
    send(evil, { id: 'forged-1', kind: NotificationKind.SUSPENDED, namespace: 'payments' });
    send(evil, { id: 'forged-2', kind: NotificationKind.EXPIRED, namespace: 'ghost' });
    send(evil, { id: 'real', kind: NotificationKind.SUSPENDED, namespace: 'own' });
    // Refused ones are acknowledged too: re-sending them changes nothing.
    await evil.next('notificationAck', 3);

    const entries = (await audit(a)).filter((e) => !e.action.startsWith('cluster.'));
    expect(entries.map((e) => `${e.clusterId}/${e.namespace}:${e.action}`)).toEqual([
      'evil/own:suspend',
    ]);
    expect(delivered).toEqual(['evil/own/real']);
  });

  it('records the cluster as the source of the actor an agent claims; commands keep the hub-known actor', async () => {
    const { a, b, evil } = await setup();
    send(evil, {
      id: 'claims-admin',
      kind: NotificationKind.SUSPENDED,
      namespace: 'own',
      actor: 'U0ADMIN',
    });
    await evil.next('notificationAck');
    const action = await b.api('/api/v1/actions', {
      body: { cluster: 'good', namespace: 'payments', action: 'suspend' },
    });
    expect(action.status).toBe(200);

    const entries = await audit(a);
    expect(entries.find((e) => e.action === 'suspend' && e.clusterId === 'evil')).toMatchObject({
      actor: 'U0ADMIN',
      actorSource: 'agent:evil',
    });
    const command = entries.find((e) => e.action === 'suspend' && e.clusterId === 'good');
    expect(command).toMatchObject({ actor: 'api:ci', outcome: 'succeeded' });
    expect(command).not.toHaveProperty('actorSource');
  });

  it("pushes out only the flooding cluster's own history, each cluster's log capped on its own", async () => {
    const { a, b, evil } = await setup();
    for (const namespace of ['payments', 'payments', 'payments']) {
      const action = await a.api('/api/v1/actions', {
        body: { cluster: 'good', namespace, action: 'status' },
      });
      expect(action.status).toBe(200);
    }
    const goodBefore = await audit(a, '&cluster=good');
    expect(goodBefore.map((e) => e.action).sort()).toEqual([
      'cluster.register',
      'status',
      'status',
      'status',
    ]);

    const flood = 3 * CAP;
    for (let n = 1; n <= flood; n += 1) {
      send(evil, {
        id: `flood-${n}`,
        kind: NotificationKind.SUSPENDED,
        namespace: 'own',
        text: `flood ${n}`,
      });
    }
    await evil.next('notificationAck', flood);

    const evilLog = await audit(b, '&cluster=evil');
    expect(evilLog).toHaveLength(CAP);
    // The newest are kept, newest first.
    expect(evilLog.map((e) => e.detail)).toEqual(
      Array.from({ length: CAP }, (_, i) => `flood ${flood - i}`),
    );
    expect(await audit(b, '&cluster=good')).toEqual(goodBefore);
    // The global list is exactly the union of the logs: every good entry is still in it.
    const all = await audit(b);
    expect(all).toHaveLength(CAP + goodBefore.length);
    for (const entry of goodBefore) expect(all).toContainEqual(entry);
  });

  it('pages one cluster back in time with before', async () => {
    const { a, evil } = await setup();
    for (let n = 1; n <= 5; n += 1) {
      send(evil, { id: `page-${n}`, kind: NotificationKind.DRIFT, namespace: 'own' });
      await evil.next('notificationAck', n);
      // Distinct times, so `before` has something to split.
      await eventually(async () => (await audit(a, '&cluster=evil')).length === n + 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const newest = await audit(a, '&cluster=evil');
    const third = newest[2];
    if (!third) throw new Error('no third entry');
    const older = await audit(
      a,
      `&cluster=evil&before=${encodeURIComponent(new Date(third.at).toISOString())}`,
    );
    expect(older).toEqual(newest.slice(3));
  });
});
