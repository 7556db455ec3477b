import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  Action,
  CommandResultSchema,
  CommandStatus,
  NamespaceState,
  NotificationKind,
  ResourceRequestsSchema,
  WorkloadRefSchema,
} from '@curfew/proto';
import { blocksText, type SimMessage } from '@curfew/slack-sim';
import { describe, expect, it } from 'vitest';
import { succeeded, summary } from './support/fakes.js';
import { eventually, type Harness, harnessPerTest, settle } from './support/harness.js';
import { notification, reminder } from './support/notifications.js';

const start = harnessPerTest();

async function firstMessage(messages: () => SimMessage[]): Promise<SimMessage> {
  return eventually(() => {
    const [message] = messages();
    if (!message) throw new Error('no message yet');
    return message;
  });
}

/**
 * team-a on eu-dev: owned by carol, whom Slack does not know, so its news goes to #team-a,
 * where anyone can click; bob collaborates.
 */
async function channelSetup() {
  const x = await start();
  x.sim.workspace.addChannel('team-a');
  const stranger = x.sim.workspace.addUser({ name: 'eve', email: 'eve@example.com' });
  x.namespaces.add(
    'c-eu',
    summary({
      name: 'team-a',
      owner: 'carol@example.com',
      collaborators: ['bob@example.com'],
      channel: '#team-a',
    }),
  );
  await x.notify('c-eu', reminder('n-1', 'team-a', 'carol@example.com', { channel: '#team-a' }));
  const channel = () =>
    x.sim.workspace.resolveChannel('team-a')?.messages.filter((m) => !m.ephemeralTo) ?? [];
  const message = await firstMessage(channel);
  return { x, stranger, message, channel };
}

describe('reminder buttons', () => {
  it.each([
    {
      name: 'snooze 3 hours',
      actionId: 'curfew_snooze',
      selectedValue: '3h',
      action: Action.SNOOZE,
      durationMs: 3 * 3_600_000,
      shows: 'Snoozed for 3h',
    },
    {
      name: 'snooze 1 day',
      actionId: 'curfew_snooze',
      selectedValue: '1d',
      action: Action.SNOOZE,
      durationMs: 86_400_000,
      shows: 'Snoozed for 1d',
    },
    {
      name: 'suspend now',
      actionId: 'curfew_suspend',
      action: Action.SUSPEND,
      shows: 'Suspended by',
    },
    {
      name: 'delete (after the confirm dialog)',
      actionId: 'curfew_delete',
      action: Action.DELETE,
      shows: 'Deleted',
    },
  ])(
    'the owner can $name, and the reminder is updated in place',
    async ({ actionId, selectedValue, action, durationMs, shows }) => {
      const x = await start();
      x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
      await x.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
      const message = await firstMessage(() => x.sim.workspace.dm(x.ana.id));
      await x.slack.send(
        x.slack.messageAction({
          userId: x.ana.id,
          message,
          actionId,
          ...(selectedValue ? { selectedValue } : {}),
        }),
      );
      await eventually(() => expect(blocksText(message.blocks)).toContain(shows));
      expect(x.dispatcher.dispatched).toEqual([
        expect.objectContaining({
          action,
          clusterId: 'c-eu',
          namespace: 'team-a',
          requestedBy: x.ana.id,
          ...(durationMs ? { durationMs } : {}),
        }),
      ]);
      expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1);
      expect(x.sim.callsTo('chat.update').length).toBeGreaterThan(0);
    },
  );

  it('lets a collaborator suspend', async () => {
    const { x, message } = await channelSetup();
    await x.slack.send(
      x.slack.messageAction({ userId: x.bob.id, message, actionId: 'curfew_suspend' }),
    );
    await eventually(() => expect(blocksText(message.blocks)).toContain('Suspended by'));
    expect(x.dispatcher.dispatched.map((d) => d.action)).toEqual([Action.SUSPEND]);
  });

  it.each([
    {
      name: 'a collaborator may not delete',
      who: 'bob' as const,
      actionId: 'curfew_delete',
      reason: 'collaborators may not',
    },
    {
      name: 'someone unrelated may not suspend',
      who: 'eve' as const,
      actionId: 'curfew_suspend',
      reason: 'Only the owner',
    },
  ])(
    '$name: the refusal is private and audited, nothing runs',
    async ({ who, actionId, reason }) => {
      const { x, stranger, message } = await channelSetup();
      const actor = who === 'bob' ? x.bob : stranger;
      await x.slack.send(x.slack.messageAction({ userId: actor.id, message, actionId }));
      const refusal = await firstMessage(
        () =>
          x.sim.workspace
            .resolveChannel('team-a')
            ?.messages.filter((m) => m.ephemeralTo === actor.id) ?? [],
      );
      expect(blocksText(refusal.blocks)).toContain(reason);
      expect(x.audit.entries).toEqual([
        expect.objectContaining({
          actor: actor.id,
          outcome: 'refused',
          clusterId: 'c-eu',
          namespace: 'team-a',
        }),
      ]);
      await settle(500);
      expect(x.dispatcher.calls).toEqual([]);
      expect(message.revisions).toEqual([]);
    },
  );

  it('lets a hub admin delete', async () => {
    const { x, message } = await channelSetup();
    await x.slack.send(
      x.slack.messageAction({ userId: x.admin.id, message, actionId: 'curfew_delete' }),
    );
    await eventually(() =>
      expect(x.dispatcher.dispatched.map((d) => d.action)).toEqual([Action.DELETE]),
    );
  });

  it('a delete shows the cluster\'s "deleting" at once, then "deleted" when Kubernetes removed it', async () => {
    const x = await start();
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    const progress = 'deleting: team-a is terminating; Kubernetes removes its contents first.';
    x.dispatcher.script = (_request, commandId) => ({ state: 'pending', commandId, progress });
    await x.mount.sink.deliver('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    const message = await firstMessage(() => x.sim.workspace.dm(x.ana.id));
    await x.slack.send(
      x.slack.messageAction({ userId: x.admin.id, message, actionId: 'curfew_delete' }),
    );
    await eventually(() => expect(blocksText(message.blocks)).toContain(progress));
    expect(blocksText(message.blocks)).not.toContain('has not answered yet');
    const [request] = x.dispatcher.dispatched;
    if (!request) throw new Error('nothing dispatched');
    x.dispatcher.complete('cmd-1', {
      state: 'done',
      commandId: 'cmd-1',
      result: create(CommandResultSchema, {
        commandId: 'cmd-1',
        status: CommandStatus.SUCCEEDED,
        message: 'team-a was deleted.',
      }),
    });
    await eventually(() => expect(blocksText(message.blocks)).toContain('Deleted'));
    expect(blocksText(message.blocks)).toContain('team-a was deleted.');
  });

  it('a delete Kubernetes keeps terminating says what holds it and not to try again', async () => {
    const x = await start();
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    const stuck =
      'team-a is stuck terminating after 5 minutes: NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances. Held by finalizers: kubernetes, example.com/hold.';
    x.dispatcher.script = (_request, commandId) => ({
      state: 'done',
      commandId,
      result: create(CommandResultSchema, {
        commandId,
        status: CommandStatus.FAILED,
        message: stuck,
      }),
    });
    await x.mount.sink.deliver('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    const message = await firstMessage(() => x.sim.workspace.dm(x.ana.id));
    await x.slack.send(
      x.slack.messageAction({ userId: x.admin.id, message, actionId: 'curfew_delete' }),
    );
    await eventually(() => expect(blocksText(message.blocks)).toContain('is not gone yet'));
    const shown = blocksText(message.blocks);
    expect(shown).toContain('Held by finalizers: kubernetes, example.com/hold.');
    expect(shown).toContain('kubectl get namespace team-a -o yaml');
    expect(shown).not.toContain('Try again');
  });

  it('shows "still waiting" for a slow cluster, then the outcome when it arrives', async () => {
    const x = await start();
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    x.dispatcher.script = (_request, commandId) => ({ state: 'pending', commandId });
    await x.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    const message = await firstMessage(() => x.sim.workspace.dm(x.ana.id));
    await x.slack.send(
      x.slack.messageAction({ userId: x.ana.id, message, actionId: 'curfew_suspend' }),
    );
    await eventually(() => expect(blocksText(message.blocks)).toContain('has not answered yet'));
    const [request] = x.dispatcher.dispatched;
    if (!request) throw new Error('nothing dispatched');
    x.dispatcher.complete('cmd-1', succeeded('cmd-1', request));
    await eventually(() => expect(blocksText(message.blocks)).toContain('Suspended by'));
    // The outcome is the router's to audit (once, wherever it finishes), under Slack's name.
    expect(request.audit).toEqual({ action: 'slack:suspend' });
    expect(x.audit.entries).toEqual([]);
  });

  it('names an offline cluster as offline, with how long Curfew keeps the request', async () => {
    const x = await start({ commandTtlMs: 10 * 60_000 });
    const eu = x.clusters.items.find((c) => c.clusterId === 'c-eu');
    if (!eu) throw new Error('no c-eu');
    eu.connected = false;
    eu.lastSeen = Date.UTC(2026, 11, 2, 13, 27);
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    x.dispatcher.script = (_request, commandId) => ({ state: 'pending', commandId });
    await x.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    const message = await firstMessage(() => x.sim.workspace.dm(x.ana.id));
    await x.slack.send(
      x.slack.messageAction({ userId: x.ana.id, message, actionId: 'curfew_suspend' }),
    );
    await eventually(() => expect(blocksText(message.blocks)).toContain('is offline'));
    const shown = blocksText(message.blocks);
    expect(shown).toContain('cluster `eu-dev` is offline (last heard from <!date^');
    expect(shown).toContain('Curfew keeps the request for 10 minutes');
    expect(shown).not.toContain('has not answered yet');
  });

  it('does not repeat an outcome the agent also reports as a notification', async () => {
    const x = await start();
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    await x.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    const message = await firstMessage(() => x.sim.workspace.dm(x.ana.id));
    await x.slack.send(
      x.slack.messageAction({ userId: x.ana.id, message, actionId: 'curfew_suspend' }),
    );
    await eventually(() => expect(blocksText(message.blocks)).toContain('Suspended by'));
    const outcome = (commandId: string, id: string) =>
      notification({
        id,
        kind: NotificationKind.ACTION_OUTCOME,
        namespace: 'team-a',
        owner: 'ana@example.com',
        commandId,
        text: 'suspended 3 workloads',
      });
    await x.notify('c-eu', outcome('cmd-1', 'n-outcome-1'));
    await x.notify('c-eu', outcome('cmd-from-api', 'n-outcome-2'));
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(2));
    await settle(500);
    expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(2);
  });

  it('tells the clicker when the store is down, and runs nothing', async () => {
    const x = await start();
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    await x.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    const message = await firstMessage(() => x.sim.workspace.dm(x.ana.id));
    await x.redis.call('CLIENT', 'PAUSE', '3000', 'ALL');
    await x.slack.send(
      x.slack.messageAction({ userId: x.ana.id, message, actionId: 'curfew_suspend' }),
    );
    const notice = await firstMessage(() =>
      x.sim.workspace.dm(x.ana.id).filter((m) => m.ephemeralTo === x.ana.id),
    );
    expect(blocksText(notice.blocks)).toContain('cannot take new work');
    expect(x.dispatcher.calls).toEqual([]);
    expect(message.revisions).toEqual([]);
  });

  it('says clearly when the cluster stayed unreachable', async () => {
    const x = await start();
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    x.dispatcher.script = (_request, commandId) => ({
      state: 'expired',
      commandId,
      message: 'cluster eu-dev offline for 10 minutes',
    });
    await x.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
    const message = await firstMessage(() => x.sim.workspace.dm(x.ana.id));
    await x.slack.send(
      x.slack.messageAction({ userId: x.ana.id, message, actionId: 'curfew_suspend' }),
    );
    await eventually(() => expect(blocksText(message.blocks)).toContain('stayed unreachable'));
    // An expired command is audited by the router's sweep, not again here.
    expect(x.audit.entries).toEqual([]);
  });
});

describe('resume and expiry buttons', () => {
  it('resumes from the suspended message', async () => {
    const x = await start();
    x.namespaces.add(
      'c-eu',
      summary({ name: 'team-a', owner: 'ana@example.com', state: NamespaceState.SUSPENDED }),
    );
    x.dispatcher.script = (request, id) =>
      succeeded(id, request, { state: NamespaceState.RUNNING });
    await x.notify(
      'c-eu',
      notification({
        id: 'n-s',
        kind: NotificationKind.SUSPENDED,
        namespace: 'team-a',
        owner: 'ana@example.com',
      }),
    );
    const message = await firstMessage(() => x.sim.workspace.dm(x.ana.id));
    await x.slack.send(
      x.slack.messageAction({ userId: x.ana.id, message, actionId: 'curfew_resume' }),
    );
    await eventually(() => expect(blocksText(message.blocks)).toContain('Resumed by'));
    expect(x.dispatcher.dispatched.map((d) => d.action)).toEqual([Action.RESUME]);
  });

  async function expiryWarning(x: Harness, skus: string[]) {
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    await x.notify(
      'c-eu',
      notification({
        id: 'n-e',
        kind: NotificationKind.EXPIRY_WARNING,
        namespace: 'team-a',
        owner: 'ana@example.com',
        workloads: skus.map((sku, i) =>
          create(WorkloadRefSchema, {
            kind: 'Deployment',
            name: `app-${i}`,
            namespace: 'team-a',
            sku,
            validUntil: timestampFromMs(Date.now() + 600_000),
          }),
        ),
      }),
    );
    return firstMessage(() => x.sim.workspace.dm(x.ana.id));
  }

  it.each([
    {
      name: 'Extend 1h renews the one SKU of the warning',
      actionId: 'curfew_extend_1h',
      skus: ['/tribe/squad/app'],
      durationMs: 3_600_000,
    },
    {
      name: 'Extend 1d renews each SKU of the warning',
      actionId: 'curfew_extend_1d',
      skus: ['/a/b', '/c/d'],
      durationMs: 86_400_000,
    },
  ])(
    '$name and replaces the warning with what happened',
    async ({ actionId, skus, durationMs }) => {
      const x = await start();
      const message = await expiryWarning(x, skus);
      await x.slack.send(x.slack.messageAction({ userId: x.ana.id, message, actionId }));
      await eventually(() => expect(blocksText(message.blocks)).toContain('extended by'));
      expect(
        x.dispatcher.dispatched
          .map((d) => [d.action, d.clusterId, d.skuPrefix, d.durationMs])
          .sort(),
      ).toEqual(skus.map((sku) => [Action.EXTEND, 'c-eu', sku, durationMs]).sort());
      // Each command's outcome is audited by the router as Slack's extend of that SKU.
      expect(x.dispatcher.dispatched.map((d) => d.audit).sort()).toEqual(
        skus
          .map((sku) => ({
            action: 'slack:extend',
            detail: `${sku} +${durationMs === 3_600_000 ? '1h' : '1d'}`,
          }))
          .sort(),
      );
      expect(x.audit.entries).toEqual([]);
    },
  );

  it('audits an Extend that could not be stored as failed, saying why', async () => {
    const x = await start();
    x.dispatcher.script = () => ({ state: 'unavailable', message: 'Redis is unreachable' });
    const message = await expiryWarning(x, ['/tribe/squad/app']);
    await x.slack.send(
      x.slack.messageAction({ userId: x.ana.id, message, actionId: 'curfew_extend_1h' }),
    );
    await eventually(() => expect(x.audit.entries).toHaveLength(1));
    expect(x.audit.entries).toEqual([
      expect.objectContaining({
        actor: x.ana.id,
        action: 'slack:extend',
        outcome: 'failed',
        clusterId: 'c-eu',
        detail: '/tribe/squad/app +1h: Redis is unreachable',
      }),
    ]);
  });

  it('"Let it expire" changes nothing in the cluster and closes the warning', async () => {
    const x = await start();
    const message = await expiryWarning(x, ['/tribe/squad/app']);
    await x.slack.send(
      x.slack.messageAction({ userId: x.ana.id, message, actionId: 'curfew_let_expire' }),
    );
    await eventually(() => expect(blocksText(message.blocks)).toContain('expire'));
    await eventually(() => expect(message.revisions.length).toBe(1));
    expect(x.dispatcher.calls).toEqual([]);
    expect(x.audit.entries.map((e) => e.action)).toEqual(['slack:let-expire']);
  });

  it('"Let it expire" from someone who may not act on the namespace is refused privately and audited', async () => {
    const x = await start();
    x.sim.workspace.addChannel('team-a');
    const eve = x.sim.workspace.addUser({ name: 'eve', email: 'eve@example.com' });
    x.namespaces.add(
      'c-eu',
      summary({ name: 'team-a', owner: 'nobody@example.com', channel: '#team-a' }),
    );
    await x.notify(
      'c-eu',
      notification({
        id: 'n-shared',
        kind: NotificationKind.EXPIRY_WARNING,
        namespace: 'team-a',
        owner: 'nobody@example.com',
        channel: '#team-a',
        workloads: [
          create(WorkloadRefSchema, {
            kind: 'Deployment',
            name: 'app',
            namespace: 'team-a',
            sku: '/tribe/squad/app',
            validUntil: timestampFromMs(Date.now() + 600_000),
          }),
        ],
      }),
    );
    const shared = () =>
      x.sim.workspace.resolveChannel('team-a')?.messages.filter((m) => !m.ephemeralTo) ?? [];
    const message = await firstMessage(shared);
    await x.slack.send(
      x.slack.messageAction({ userId: eve.id, message, actionId: 'curfew_let_expire' }),
    );
    const refusal = await firstMessage(
      () =>
        x.sim.workspace
          .resolveChannel('team-a')
          ?.messages.filter((m) => m.ephemeralTo === eve.id) ?? [],
    );
    expect(blocksText(refusal.blocks)).toContain('Only the owner');
    expect(x.audit.entries).toEqual([
      expect.objectContaining({
        actor: eve.id,
        action: 'slack:let-expire',
        outcome: 'refused',
        namespace: 'team-a',
      }),
    ]);
    await settle(500);
    expect(message.revisions).toEqual([]);
    expect(x.dispatcher.calls).toEqual([]);
  });
});

describe('App Home', () => {
  it('shows your namespaces across clusters when opened, with buttons that work', async () => {
    const x = await start();
    x.namespaces.add(
      'c-eu',
      summary({
        name: 'team-a',
        owner: 'ana@example.com',
        nextShutdown: timestampFromMs(Date.now() + 3_600_000),
        runningPods: 2,
        requested: create(ResourceRequestsSchema, {
          cpuMillis: 2_000n,
          memoryBytes: 4n * 2n ** 30n,
        }),
      }),
    );
    const eu = x.clusters.items.find((c) => c.clusterId === 'c-eu');
    if (eu) eu.prices = { vcpuHour: 0.05, gibHour: 0.01 };
    x.namespaces.add(
      'c-us',
      summary({ name: 'team-b', owner: x.ana.id, state: NamespaceState.SUSPENDED }),
    );
    x.namespaces.add('c-us', summary({ name: 'not-mine', owner: 'bob@example.com' }));
    await x.slack.send(
      x.slack.event({ type: 'app_home_opened', user: x.ana.id, channel: 'D1', tab: 'home' }),
    );
    const home = await eventually(() => {
      const view = x.sim.workspace.home(x.ana.id);
      if (!view) throw new Error('no home yet');
      return view;
    });
    const text = blocksText(home.view.blocks);
    expect(text).toContain('team-a');
    expect(text).toContain('eu-dev');
    expect(text).toContain('team-b');
    expect(text).toContain('shuts down');
    expect(text).not.toContain('not-mine');
    // Only the running namespace costs anything; the suspended one requests nothing.
    expect(text.match(/Cost: [^\n]*/g)).toEqual(['Cost: ≈ $3.36 per day']);

    await x.slack.send(x.slack.homeAction({ userId: x.ana.id, actionId: 'curfew_suspend' }));
    await eventually(() =>
      expect(x.dispatcher.dispatched.map((d) => [d.action, d.namespace])).toEqual([
        [Action.SUSPEND, 'team-a'],
      ]),
    );
    await eventually(() =>
      expect(blocksText(x.sim.workspace.home(x.ana.id)?.view.blocks)).toContain('Suspended by'),
    );
  });
});
