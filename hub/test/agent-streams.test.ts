import type { MessageInitShape } from '@bufbuild/protobuf';
import { type Timestamp, timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  type ConnectRequestSchema,
  NamespaceState,
  NotificationKind,
  RejectReason,
} from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import { FakeAgent } from './support/fake-agent.js';
import { eventually, type RunningHub, redisForFile, startHub } from './support/hub-harness.js';

const redis = redisForFile();
const { cleanups } = redis;
let counter = 0;

async function hubs(count: number, env: Record<string, string> = {}): Promise<RunningHub[]> {
  const prefix = `s${++counter}:`;
  const started: RunningHub[] = [];
  for (let i = 0; i < count; i++) {
    const hub = await startHub(redis.url, prefix, env);
    cleanups.push(() => hub.stop());
    started.push(hub);
  }
  return started;
}

function connect(hub: RunningHub, clusterId: string, token: string, silent = false): FakeAgent {
  const agent = new FakeAgent({ address: hub.grpcAddress, token, clusterId, silent });
  cleanups.push(() => agent.close());
  return agent;
}

async function register(hub: RunningHub, name: string): Promise<string> {
  return (await hub.api('/api/v1/clusters', { body: { name } })).body.token as string;
}

describe('agent stream authentication', () => {
  it.each([
    {
      name: 'a wrong token is rejected as unauthenticated',
      cluster: 'auth-a',
      token: 'nope',
      reason: RejectReason.UNAUTHENTICATED,
    },
    {
      name: 'an unknown cluster is rejected as unauthenticated',
      cluster: 'no-such',
      token: null,
      reason: RejectReason.UNAUTHENTICATED,
    },
    {
      name: 'a missing bearer token is rejected as unauthenticated',
      cluster: 'auth-a',
      token: '',
      reason: RejectReason.UNAUTHENTICATED,
    },
  ])('$name', async ({ cluster, token, reason }) => {
    const [hub] = await hubs(1);
    if (!hub) throw new Error('no hub');
    const real = await register(hub, 'auth-a');
    const agent = connect(hub, cluster, token ?? real);
    expect((await agent.next('reject')).reason).toBe(reason);
    await agent.closed;
  });

  it('rejects a stream that does not start with Hello in time', async () => {
    const [hub] = await hubs(1, { HELLO_TIMEOUT: '200ms' });
    if (!hub) throw new Error('no hub');
    const agent = connect(hub, 'x', 'y', true);
    expect((await agent.next('reject')).reason).toBe(RejectReason.PROTOCOL);
  });

  it('accepts the old token during the rotation overlap and refuses it afterwards, also on a live stream', async () => {
    const [a, b] = await hubs(2);
    if (!a || !b) throw new Error('no hubs');
    const oldToken = await register(a, 'rotating');
    const rotated = await a.api('/api/v1/clusters/rotating/rotate', { body: { overlap: '1s' } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.helmCommand).toContain(`token.value=${rotated.body.token}`);

    const onOld = connect(b, 'rotating', oldToken);
    await onOld.next('welcome');
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    onOld.heartbeat();
    expect((await onOld.next('reject')).reason).toBe(RejectReason.UNAUTHENTICATED);
    const lateOld = connect(a, 'rotating', oldToken);
    expect((await lateOld.next('reject')).reason).toBe(RejectReason.UNAUTHENTICATED);
    const onNew = connect(a, 'rotating', rotated.body.token);
    await onNew.next('welcome');
  });
});

describe('heartbeats and presence', () => {
  it('keeps a heartbeating agent present past the presence TTL and drops a silent one', async () => {
    const [a, b] = await hubs(2, { PRESENCE_TTL: '600ms', HEARTBEAT_INTERVAL: '200ms' });
    if (!a || !b) throw new Error('no hubs');
    const token = await register(a, 'beating');
    const agent = connect(b, 'beating', token);
    const welcome = await agent.next('welcome');
    expect(Number(welcome.heartbeatInterval?.nanos) / 1e6).toBe(200);

    for (let i = 0; i < 6; i++) {
      agent.heartbeat();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await a.api('/api/v1/clusters/beating')).body.connected).toBe(true);

    // Silence: the hub closes the stream and presence is gone.
    expect((await agent.next('reject', 1, 3_000)).message).toMatch(/heartbeat/);
    await eventually(
      async () => (await a.api('/api/v1/clusters/beating')).body.connected === false,
    );
  });
});

describe('notifications from agents', () => {
  function notification(
    id: string,
    extra: { staleAfter?: Timestamp } = {},
  ): MessageInitShape<typeof ConnectRequestSchema> {
    return {
      message: {
        case: 'notification',
        value: { id, kind: NotificationKind.REMINDER, namespace: 'team-a', ...extra },
      },
    };
  }

  it('delivers each notification id once across replicas and acknowledges every copy', async () => {
    const [a, b] = await hubs(2);
    if (!a || !b) throw new Error('no hubs');
    const delivered: string[] = [];
    for (const hub of [a, b]) {
      hub.hub.setNotificationSink({
        async deliver(clusterId, n) {
          delivered.push(`${clusterId}/${n.id}`);
        },
      });
    }
    const token = await register(a, 'notify');
    const first = connect(a, 'notify', token);
    await first.next('welcome');
    first.report(['team-a']);
    first.send(notification('n-1'));
    first.send(notification('n-1'));
    await first.next('notificationAck', 2);

    const second = connect(b, 'notify', token);
    await second.next('welcome');
    second.report(['team-a']);
    second.send(notification('n-1'));
    const ack = await second.next('notificationAck');

    expect(ack.notificationIds).toEqual(['n-1']);
    expect(delivered).toEqual(['notify/n-1']);
  });

  it('does not acknowledge a notification the sink failed on, so the agent re-sends it', async () => {
    const [hub] = await hubs(1);
    if (!hub) throw new Error('no hub');
    let failing = true;
    const delivered: string[] = [];
    hub.hub.setNotificationSink({
      async deliver(_clusterId, n) {
        if (failing) throw new Error('slack down');
        delivered.push(n.id);
      },
    });
    const token = await register(hub, 'flaky');
    const agent = connect(hub, 'flaky', token);
    await agent.next('welcome');
    agent.report(['team-a']);
    agent.send(notification('n-2'));
    agent.send(notification('stale', { staleAfter: timestampFromMs(Date.now() - 1_000) }));
    const ack = await agent.next('notificationAck');
    expect(ack.notificationIds).toEqual(['stale']);

    failing = false;
    agent.send(notification('n-2'));
    expect((await agent.next('notificationAck', 2)).notificationIds).toEqual(['n-2']);
    expect(delivered).toEqual(['n-2']);
  });
});

describe('snapshots and the namespace directory', () => {
  it('applies full and incremental snapshots and filters namespaces across clusters', async () => {
    const [a, b] = await hubs(2);
    if (!a || !b) throw new Error('no hubs');
    const one = connect(a, 'one', await register(a, 'one'));
    const two = connect(b, 'two', await register(a, 'two'));
    await one.next('welcome');
    await two.next('welcome');

    one.send({
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: 1n,
          namespaces: [
            {
              name: 'team-a',
              state: NamespaceState.RUNNING,
              owner: 'alice@example.com',
              runningPods: 3,
            },
            { name: 'team-b', state: NamespaceState.SUSPENDED, owner: 'bob@example.com' },
            { name: 'old', state: NamespaceState.RUNNING },
          ],
        },
      },
    });
    one.send({
      message: {
        case: 'snapshot',
        value: {
          full: false,
          sequence: 2n,
          namespaces: [{ name: 'team-b', state: NamespaceState.RUNNING, owner: 'bob@example.com' }],
          removed: ['old'],
        },
      },
    });
    two.send({
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: 1n,
          namespaces: [
            { name: 'team-a', state: NamespaceState.SUSPENDED, owner: 'carol@example.com' },
          ],
        },
      },
    });

    const all = await eventually(async () => {
      const { body } = await b.api('/api/v1/namespaces', { token: 'test-read-token-0123456789' });
      return body.namespaces?.length === 3 ? body.namespaces : null;
    });
    expect(
      all.map(
        (n: { cluster: string; name: string; state: string }) =>
          `${n.cluster}/${n.name}:${n.state}`,
      ),
    ).toEqual(['one/team-a:running', 'one/team-b:running', 'two/team-a:suspended']);
    const filtered = await a.api('/api/v1/namespaces?state=running&owner=ALICE@example.com');
    expect(filtered.body.namespaces).toHaveLength(1);
    expect(filtered.body.namespaces[0]).toMatchObject({
      cluster: 'one',
      name: 'team-a',
      runningPods: 3,
    });
    const byCluster = await a.api('/api/v1/namespaces?cluster=two');
    expect(byCluster.body.namespaces.map((n: { name: string }) => n.name)).toEqual(['team-a']);

    const ambiguous = await a.hub.ports.namespaces.find('team-a');
    expect(ambiguous.map((n) => n.clusterId)).toEqual(['one', 'two']);
    expect(await a.hub.ports.namespaces.find('team-a', 'two')).toHaveLength(1);
  });
});
