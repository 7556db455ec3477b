import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { NotificationKind, ResourceRequestsSchema, WorkloadRefSchema } from '@curfew/proto';
import { blocksText } from '@curfew/slack-sim';
import { describe, expect, it } from 'vitest';
import { summary } from './support/fakes.js';
import { eventually, type Harness, harnessPerTest, settle } from './support/harness.js';
import { notification, reminder } from './support/notifications.js';

const start = harnessPerTest();

function allMessages(x: Harness) {
  return x.sim.workspace
    .listConversations()
    .flatMap((c) => c.messages.map((m) => ({ conversation: c, message: m })));
}

describe('who hears about a namespace', () => {
  it.each([
    {
      name: 'an owner email Slack knows gets a DM',
      owner: 'ana@example.com',
      channel: '',
      cluster: 'c-eu',
      where: (x: Harness) => x.sim.workspace.dm(x.ana.id),
    },
    {
      name: 'an owner written as a Slack user id gets a DM without a lookup',
      owner: 'USER-ID',
      channel: '',
      cluster: 'c-eu',
      where: (x: Harness) => x.sim.workspace.dm(x.bob.id),
    },
    {
      name: 'an owner Slack does not know falls back to the namespace channel',
      owner: 'ghost@example.com',
      channel: '#team-a',
      cluster: 'c-eu',
      where: (x: Harness) => x.sim.workspace.resolveChannel('team-a')?.messages ?? [],
    },
    {
      name: 'without a namespace channel it falls back to the cluster default channel',
      owner: 'ghost@example.com',
      channel: '',
      cluster: 'c-eu',
      where: (x: Harness) => x.sim.workspace.resolveChannel('eu-dev')?.messages ?? [],
    },
  ])('$name', async ({ owner, channel, cluster, where }) => {
    const x = await start();
    x.sim.workspace.addChannel('team-a');
    const ownerRef = owner === 'USER-ID' ? x.bob.id : owner;
    await x.notify(cluster, reminder('n-1', 'team-a', ownerRef, { channel }));
    await eventually(() => expect(where(x)).toHaveLength(1));
    expect(blocksText(where(x)[0]?.blocks)).toContain('will be suspended');
    expect(allMessages(x)).toHaveLength(1);
    if (owner === 'USER-ID') expect(x.sim.callsTo('users.lookupByEmail')).toEqual([]);
  });

  it('lists a namespace nobody can be told about as unreachable, and audits it', async () => {
    const x = await start();
    await x.notify('c-us', reminder('n-1', 'lonely', 'ghost@example.com'));
    await eventually(async () => expect(await x.mount.unreachableOwners()).toHaveLength(1));
    const [entry] = await x.mount.unreachableOwners();
    expect(entry?.namespace).toBe('c-us/lonely');
    expect(entry?.reason).toContain('ghost@example.com');
    expect(x.audit.entries.map((e) => [e.action, e.outcome])).toEqual([
      ['notify:reminder', 'failed'],
    ]);
    expect(allMessages(x)).toEqual([]);
  });

  it('keeps the time of the first failure for an owner who stays unreachable', async () => {
    const x = await start();
    await x.notify('c-us', reminder('n-1', 'lonely', 'ghost@example.com'));
    await eventually(async () => expect(await x.mount.unreachableOwners()).toHaveLength(1));
    const [first] = await x.mount.unreachableOwners();
    await settle(20);
    await x.notify('c-us', reminder('n-2', 'lonely', 'ghost@example.com'));
    await eventually(() => expect(x.audit.entries).toHaveLength(2));
    const [later] = await x.mount.unreachableOwners();
    expect(later?.since).toBe(first?.since);
  });

  it('looks an email up once and then uses the cache', async () => {
    const x = await start();
    await x.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    await x.notify('c-eu', reminder('n-2', 'team-b', 'ana@example.com'));
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(2));
    expect(x.sim.callsTo('users.lookupByEmail')).toHaveLength(1);
  });

  it('sends one message per notification id however often the agent re-sends it', async () => {
    const x = await start();
    const n = reminder('n-same', 'team-a', 'ana@example.com');
    await x.notify('c-eu', n);
    await x.notify('c-eu', n);
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    await x.notify('c-eu', n);
    await settle(600);
    expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1);
  });

  it('sends both clusters’ notifications when the same namespace on the same schedule gives the same id in each', async () => {
    const x = await start();
    // Agents build ids only unique within their cluster: `demo` in two clusters with one
    // schedule gives byte-for-byte the same reminder and suspended ids.
    const shutdownAt = timestampFromMs(Date.now() + 15 * 60_000);
    const same = reminder('reminder:demo:15@2026-12-02T18:00:00.000Z', 'demo', 'ana@example.com', {
      shutdownAt,
    });
    const suspended = notification({
      id: 'suspended:demo:2026-12-02T18:00:00.000Z',
      kind: NotificationKind.SUSPENDED,
      namespace: 'demo',
      owner: 'ana@example.com',
    });
    await x.notify('c-eu', same);
    await x.notify('c-us', same);
    await x.notify('c-eu', suspended);
    await x.notify('c-us', suspended);
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(4));
    const texts = x.sim.workspace.dm(x.ana.id).map((m) => m.text);
    expect(texts.filter((t) => t.includes('eu-dev'))).toHaveLength(2);
    expect(texts.filter((t) => t.includes('us-dev'))).toHaveLength(2);
    // Re-sends are still one message each, per cluster.
    await x.notify('c-us', same);
    await x.notify('c-eu', suspended);
    await settle(600);
    expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(4);
  });

  it('shows in a reminder what the namespace costs per day at its cluster’s prices', async () => {
    const x = await start();
    const eu = x.clusters.items.find((c) => c.clusterId === 'c-eu');
    if (!eu) throw new Error('harness has no c-eu');
    eu.prices = { vcpuHour: 0.05, gibHour: 0.01 };
    const requested = create(ResourceRequestsSchema, {
      cpuMillis: 2_000n,
      memoryBytes: 4n * 2n ** 30n,
    });
    await x.notify('c-eu', reminder('n-cost', 'team-a', 'ana@example.com', { requested }));
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    expect(blocksText(x.sim.workspace.dm(x.ana.id)[0]?.blocks)).toContain('≈ $3.36 per day');
  });

  it('drops a notification that went stale before it could be sent', async () => {
    const x = await start();
    await x.notify(
      'c-eu',
      reminder('n-old', 'team-a', 'ana@example.com', {
        staleAfter: timestampFromMs(Date.now() - 1000),
      }),
    );
    await x.notify('c-eu', reminder('n-new', 'team-b', 'ana@example.com'));
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    await settle(600);
    expect(blocksText(x.sim.workspace.dm(x.ana.id)[0]?.blocks)).toContain('team-b');
  });

  it.each([
    {
      name: 'tells the owner the snapshots report, never one the notification names',
      known: { owner: 'ana@example.com', channel: '' },
      told: (x: Harness) => x.sim.workspace.dm(x.ana.id),
    },
    {
      name: 'posts to the channel the snapshots report, never one the notification names',
      known: { owner: 'ghost@example.com', channel: '#team-a' },
      told: (x: Harness) => x.sim.workspace.resolveChannel('team-a')?.messages ?? [],
    },
  ])('$name', async ({ known, told }) => {
    const x = await start();
    x.sim.workspace.addChannel('team-a');
    x.sim.workspace.addChannel('all-hands');
    x.namespaces.add('c-eu', summary({ name: 'team-a', ...known }));
    // An agent taken over names someone else, and a channel of its choosing.
    await x.mount.sink.deliver(
      'c-eu',
      reminder('n-forged', 'team-a', 'bob@example.com', { channel: '#all-hands' }),
    );
    await eventually(() => expect(told(x)).toHaveLength(1));
    expect(x.sim.workspace.dm(x.bob.id)).toEqual([]);
    expect(x.sim.workspace.resolveChannel('all-hands')?.messages).toEqual([]);
    expect(allMessages(x)).toHaveLength(1);
  });

  it('takes the owner from the namespace read model when the notification has none', async () => {
    const x = await start();
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    await x.notify(
      'c-eu',
      notification({
        id: 'n-1',
        kind: NotificationKind.SUSPENDED,
        namespace: 'team-a',
        actor: 'schedule',
      }),
    );
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    const [message] = x.sim.workspace.dm(x.ana.id);
    expect(blocksText(message?.blocks)).toContain('was suspended on schedule');
  });
});

describe('earlier reminders', () => {
  it.each([
    {
      name: 'a suspension closes the open reminder in place',
      kind: NotificationKind.SUSPENDED,
      why: 'it has been suspended',
    },
    {
      name: 'a newer reminder closes the older one',
      kind: NotificationKind.REMINDER,
      why: 'a newer reminder follows',
    },
  ])('$name', async ({ kind, why }) => {
    const x = await start();
    await x.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    await x.notify(
      'c-eu',
      notification({
        id: 'n-2',
        kind,
        namespace: 'team-a',
        owner: 'ana@example.com',
        shutdownAt: timestampFromMs(Date.now() + 60_000),
      }),
    );
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(2));
    const [first] = x.sim.workspace.dm(x.ana.id);
    await eventually(() => expect(blocksText(first?.blocks)).toContain(why));
    const { actionIds } = await import('@curfew/slack-sim');
    expect(actionIds(first?.blocks)).toEqual([]);
  });

  it('leaves a reminder alone when an unrelated namespace changes', async () => {
    const x = await start();
    await x.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    await x.notify(
      'c-eu',
      notification({
        id: 'n-2',
        kind: NotificationKind.SUSPENDED,
        namespace: 'team-b',
        owner: 'ana@example.com',
      }),
    );
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(2));
    await settle(600);
    expect(x.sim.workspace.dm(x.ana.id).find((m) => m.text.includes('team-a'))?.revisions).toEqual(
      [],
    );
  });
});

describe('what each notification says', () => {
  it.each([
    {
      name: 'a reminder offers snooze, suspend now and delete',
      kind: NotificationKind.REMINDER,
      text: 'will be suspended',
      actions: ['curfew_snooze', 'curfew_suspend', 'curfew_delete'],
    },
    {
      name: 'a suspension offers resume',
      kind: NotificationKind.SUSPENDED,
      text: 'was suspended',
      actions: ['curfew_resume', 'curfew_delete'],
    },
    {
      name: 'a resume says it runs again',
      kind: NotificationKind.RESUMED,
      text: 'running again',
      actions: [],
    },
    {
      name: 'an expiry warning offers extend 1h, extend 1d and let it expire',
      kind: NotificationKind.EXPIRY_WARNING,
      text: 'about to go off',
      actions: ['curfew_extend_1h', 'curfew_extend_1d', 'curfew_let_expire'],
    },
    {
      name: 'an expiry offers extending',
      kind: NotificationKind.EXPIRED,
      text: 'Time is up',
      actions: ['curfew_extend_1h', 'curfew_extend_1d'],
    },
    {
      name: 'drift says what keeps undoing the suspend',
      kind: NotificationKind.DRIFT,
      text: 'keeps undoing',
      actions: [],
    },
  ])('$name', async ({ kind, text, actions }) => {
    const x = await start();
    await x.notify(
      'c-eu',
      notification({
        id: `n-${kind}`,
        kind,
        namespace: 'team-a',
        owner: 'ana@example.com',
        shutdownAt: timestampFromMs(Date.now() + 15 * 60_000),
        workloads: [
          create(WorkloadRefSchema, { kind: 'Deployment', name: 'web', sku: '/tribe/squad/web' }),
        ],
      }),
    );
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    const [message] = x.sim.workspace.dm(x.ana.id);
    expect(blocksText(message?.blocks)).toContain(text);
    const { actionIds } = await import('@curfew/slack-sim');
    expect(actionIds(message?.blocks)).toEqual(actions);
  });
});
