import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { Action, CommandStatus, NotificationKind } from '@curfew/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { ANN } from '../src/annotations.js';
import type { ClusterDriver } from './support/cluster-driver.js';
import { drivers } from './support/drivers.js';
import { at, MONDAY, makeAgent } from './support/harness.js';
import { eventually } from './support/test-hub.js';
import { kinds, makeWorld, managed, owner } from './support/world.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const world = (
  make: () => Promise<ClusterDriver>,
  start: number,
  setup: (d: ClusterDriver) => Promise<void>,
) => makeWorld(cleanups, make, start, setup);

describe.each(drivers)('the agent on a $name', ({ make }) => {
  it('sends reminders at 60, 30 and 15 minutes, then suspends at the end of uptime', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-a', managed, owner);
      await d.addWorkload('Deployment', 'team-a', 'web', 2);
      await d.addWorkload('StatefulSet', 'team-a', 'db', 1);
    });
    // One pending decision per namespace, armed for exactly when the first reminder is due.
    expect(w.agent.reconciler.nextCheckOf('team-a')).toBe(at('18:00'));
    // No polling: the whole agent holds a handful of timers (the decision queue, the hub
    // heartbeat), not one per namespace or per second.
    expect(w.clock.armed).toBeLessThanOrEqual(2);
    await w.clock.advanceTo(at('17:59'), w.settle);
    expect(kinds(w.hub, 'team-a')).toEqual([]);
    await w.clock.advanceTo(at('18:00'), w.settle);
    await eventually(() => kinds(w.hub, 'team-a').length === 1);
    await w.clock.advanceTo(at('18:30'), w.settle);
    await w.clock.advanceTo(at('18:45'), w.settle);
    await w.clock.advanceTo(at('18:59'), w.settle);
    expect((await w.driver.workload('Deployment', 'team-a', 'web')).replicas).toBe(2);
    await w.clock.advanceTo(at('19:00'), w.settle);
    await eventually(() => kinds(w.hub, 'team-a').length === 4);
    expect(kinds(w.hub, 'team-a')).toEqual([
      'reminder 60',
      'reminder 30',
      'reminder 15',
      'suspended',
    ]);
    const reminder = w.hub.notifications()[0];
    expect(reminder).toMatchObject({ owner: 'dev@example.com', runningPods: 3 });
    expect(reminder?.requested?.cpuMillis).toBeGreaterThan(0n);
    expect(await w.driver.workload('Deployment', 'team-a', 'web')).toMatchObject({
      replicas: 0,
      annotations: { [ANN.previousReplicas]: '2' },
    });
    expect(await w.driver.workload('StatefulSet', 'team-a', 'db')).toMatchObject({
      replicas: 0,
      annotations: { [ANN.previousReplicas]: '1' },
    });
    expect(await w.driver.namespaceAnnotations('team-a')).toMatchObject({
      [ANN.state]: 'suspended',
      [ANN.suspendedBy]: 'schedule',
    });
    expect(await w.driver.eventReasons('team-a')).toContain('CurfewSuspended');
  });

  it('a namespace that comes under the schedule late gets the last reminder and its grace before the suspend', async () => {
    const w = await world(make, at('20:00'), async (d) => {
      await d.addNamespace('late', managed, owner);
      await d.addWorkload('Deployment', 'late', 'web', 1);
    });
    await eventually(() => kinds(w.hub, 'late').length === 1);
    expect(w.hub.notifications()[0]).toMatchObject({ minutesBefore: 15 });
    expect(w.agent.reconciler.nextCheckOf('late')).toBe(at('20:15'));
    await w.clock.advanceTo(at('20:14'), w.settle);
    expect((await w.driver.workload('Deployment', 'late', 'web')).replicas).toBe(1);
    await w.clock.advanceTo(at('20:15'), w.settle);
    await eventually(() => kinds(w.hub, 'late').includes('suspended'));
    expect((await w.driver.workload('Deployment', 'late', 'web')).replicas).toBe(0);
  });

  it('a snooze moves the shutdown and the reminders re-arm relative to it', async () => {
    const w = await world(make, at('18:05'), async (d) => {
      await d.addNamespace('team-s', managed, owner);
      await d.addWorkload('Deployment', 'team-s', 'web', 1);
    });
    await eventually(() => kinds(w.hub, 'team-s').length === 1);
    w.hub.command({
      id: 'cmd-snooze-1',
      action: Action.SNOOZE,
      target: { case: 'namespace', value: { clusterId: 'test-cluster', namespace: 'team-s' } },
      duration: durationFromMs(60 * 60_000),
      requestedBy: 'U123',
    });
    const result = await eventually(() =>
      w.hub.results().find((r) => r.commandId === 'cmd-snooze-1'),
    );
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    expect((await w.driver.namespaceAnnotations('team-s'))[ANN.snoozedUntil]).toBe(
      '2026-11-23T20:00:00Z',
    );
    await w.clock.advanceTo(at('19:30'), w.settle);
    expect((await w.driver.workload('Deployment', 'team-s', 'web')).replicas).toBe(1);
    await w.clock.advanceTo(at('20:00'), w.settle);
    await eventually(() => kinds(w.hub, 'team-s').includes('suspended'));
    expect(kinds(w.hub, 'team-s')).toEqual([
      'reminder 60',
      'action_outcome',
      'reminder 60',
      'reminder 30',
      'reminder 15',
      'suspended',
    ]);
    const reminders = w.hub.notifications().filter((n) => n.kind === NotificationKind.REMINDER);
    expect(reminders.at(-1)?.shutdownAt?.seconds).toBe(BigInt(at('20:00') / 1000));
  });

  it('resume restores exact replica counts and the previous suspend of CronJobs, and reports when ready', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-r', managed, owner);
      await d.addWorkload('Deployment', 'team-r', 'web', 3);
      await d.addWorkload('Deployment', 'team-r', 'idle', 0);
      await d.addWorkload('StatefulSet', 'team-r', 'db', 2);
      await d.addCronJob('team-r', 'nightly', false);
      await d.addCronJob('team-r', 'paused', true);
    });
    const target = {
      case: 'namespace' as const,
      value: { clusterId: 'test-cluster', namespace: 'team-r' },
    };
    w.hub.command({ id: 'cmd-suspend', action: Action.SUSPEND, target, requestedBy: 'U1' });
    await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-suspend'));
    await w.settle();
    expect((await w.driver.workload('Deployment', 'team-r', 'web')).replicas).toBe(0);
    expect((await w.driver.cronJob('team-r', 'nightly')).suspend).toBe(true);
    w.hub.command({ id: 'cmd-resume', action: Action.RESUME, target, requestedBy: 'U1' });
    const final = await eventually(() =>
      w.hub
        .results()
        .find((r) => r.commandId === 'cmd-resume' && r.status !== CommandStatus.ACCEPTED),
    );
    expect(final.status).toBe(CommandStatus.SUCCEEDED);
    expect(final.notReady).toEqual([]);
    expect(
      w.hub
        .results()
        .filter((r) => r.commandId === 'cmd-resume')
        .map((r) => r.status),
    ).toEqual([CommandStatus.ACCEPTED, CommandStatus.SUCCEEDED]);
    expect((await w.driver.workload('Deployment', 'team-r', 'web')).replicas).toBe(3);
    expect((await w.driver.workload('Deployment', 'team-r', 'idle')).replicas).toBe(0);
    expect((await w.driver.workload('StatefulSet', 'team-r', 'db')).replicas).toBe(2);
    expect((await w.driver.workload('StatefulSet', 'team-r', 'db')).annotations).not.toHaveProperty(
      ANN.previousReplicas,
    );
    expect((await w.driver.cronJob('team-r', 'nightly')).suspend).toBe(false);
    expect((await w.driver.cronJob('team-r', 'paused')).suspend).toBe(true);
    await eventually(() => kinds(w.hub, 'team-r').includes('resumed'));
    expect(await w.driver.eventReasons('team-r')).toEqual(['CurfewSuspended', 'CurfewResumed']);
  });

  it('a hand scale-up in a suspended namespace wakes it, and the schedule starts over with reminders', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-h', managed, owner);
      await d.addWorkload('Deployment', 'team-h', 'web', 2);
    });
    const target = {
      case: 'namespace' as const,
      value: { clusterId: 'test-cluster', namespace: 'team-h' },
    };
    w.hub.command({ id: 'cmd-s', action: Action.SUSPEND, target, requestedBy: 'U1' });
    await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-s'));
    await w.clock.advanceTo(at('12:00'), w.settle);
    await w.driver.scaleByHand('Deployment', 'team-h', 'web', 1);
    await eventually(
      async () => (await w.driver.namespaceAnnotations('team-h'))[ANN.state] === 'running',
    );
    await w.settle();
    const annotations = await w.driver.namespaceAnnotations('team-h');
    expect(annotations[ANN.state]).toBe('running');
    expect(annotations[ANN.drift]).toBeUndefined();
    expect(kinds(w.hub, 'team-h')).toEqual(['suspended', 'action_outcome']);
    expect(await w.driver.eventReasons('team-h')).toEqual(['CurfewSuspended', 'CurfewWoken']);
    // Not fought: still at the replicas the person chose; reminders again before 19:00.
    expect((await w.driver.workload('Deployment', 'team-h', 'web')).replicas).toBe(1);
    await w.clock.advanceTo(at('19:00'), w.settle);
    await eventually(() => kinds(w.hub, 'team-h').filter((k) => k === 'suspended').length === 2);
    expect(kinds(w.hub, 'team-h').slice(2)).toEqual([
      'reminder 60',
      'reminder 30',
      'reminder 15',
      'suspended',
    ]);
  });

  it('a GitOps tool undoing every suspend is reported once and not fought', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-g', managed, owner);
      await d.addWorkload('Deployment', 'team-g', 'web', 2);
    });
    // Suspended by schedule at 19:00 and undone by "Argo CD" a minute later; woken, the
    // namespace gets an hour with reminders, is suspended at 20:01 and undone again.
    for (const [suspendAt, undoAt] of [
      ['19:00', '19:01'],
      ['20:01', '20:02'],
    ] as const) {
      await w.clock.advanceTo(at(suspendAt), w.settle);
      await eventually(
        async () => (await w.driver.workload('Deployment', 'team-g', 'web')).replicas === 0,
      );
      await w.clock.advanceTo(at(undoAt), w.settle);
      await w.driver.scaleByHand('Deployment', 'team-g', 'web', 2);
      await eventually(
        async () => (await w.driver.namespaceAnnotations('team-g'))[ANN.state] === 'running',
      );
      await w.settle();
    }
    const annotations = await w.driver.namespaceAnnotations('team-g');
    expect(annotations[ANN.drift]).toMatch(/GitOps/);
    expect(kinds(w.hub, 'team-g').filter((k) => k === 'drift')).toHaveLength(1);
    expect((await w.driver.eventReasons('team-g')).filter((r) => r === 'CurfewDrift')).toHaveLength(
      1,
    );
    // The next day: no reminders that promise a suspend, no suspend, no second report.
    const before = kinds(w.hub, 'team-g').length;
    await w.clock.advanceTo(at('20:00', MONDAY + 86_400_000), w.settle);
    expect((await w.driver.workload('Deployment', 'team-g', 'web')).replicas).toBe(2);
    expect(kinds(w.hub, 'team-g').length).toBe(before);
  });

  it('a repeated command id executes once, also after an agent restart', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-i', managed, owner);
      await d.addWorkload('Deployment', 'team-i', 'web', 2);
    });
    const target = {
      case: 'namespace' as const,
      value: { clusterId: 'test-cluster', namespace: 'team-i' },
    };
    const suspend = { id: 'cmd-once', action: Action.SUSPEND, target, requestedBy: 'U1' };
    w.hub.command(suspend);
    const first = await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-once'));
    w.hub.command({ id: 'cmd-wake', action: Action.RESUME, target, requestedBy: 'U1' });
    await eventually(() =>
      w.hub
        .results()
        .find((r) => r.commandId === 'cmd-wake' && r.status === CommandStatus.SUCCEEDED),
    );
    // The hub re-delivers the old suspend: the first result comes back, nothing is suspended.
    w.hub.command(suspend);
    await eventually(() => w.hub.results().filter((r) => r.commandId === 'cmd-once').length === 2);
    const again = w.hub.results().filter((r) => r.commandId === 'cmd-once')[1];
    expect(again).toEqual(first);
    expect((await w.driver.workload('Deployment', 'team-i', 'web')).replicas).toBe(2);
    // A fresh agent (empty memory) gets the same id: the namespace remembers it.
    await w.agent.stop();
    const fresh = makeAgent(w.driver.connect(), w.address, w.clock);
    cleanups.push(() => fresh.stop());
    await fresh.start();
    await fresh.link.whenConnected();
    w.hub.command(suspend);
    await eventually(() => w.hub.results().filter((r) => r.commandId === 'cmd-once').length === 3);
    const third = w.hub.results().filter((r) => r.commandId === 'cmd-once')[2];
    expect(third?.status).toBe(CommandStatus.SUCCEEDED);
    expect(third?.message).toMatch(/already executed/);
    expect((await w.driver.workload('Deployment', 'team-i', 'web')).replicas).toBe(2);
    expect(
      (await w.driver.eventReasons('team-i')).filter((r) => r === 'CurfewSuspended'),
    ).toHaveLength(1);
  });

  it('after the initial sync, a day of scheduling makes no further full LIST', async () => {
    const w = await world(make, at('07:00'), async (d) => {
      for (const name of ['a', 'b', 'c']) {
        await d.addNamespace(`team-${name}`, managed, owner);
        await d.addWorkload('Deployment', `team-${name}`, 'web', 1);
      }
    });
    const afterSync = w.driver.listCount();
    expect(afterSync).toBeGreaterThan(0);
    await w.clock.advanceTo(at('07:00', MONDAY + 86_400_000), w.settle);
    await eventually(
      async () => (await w.driver.workload('Deployment', 'team-c', 'web')).replicas === 0,
    );
    expect(w.driver.listCount()).toBe(afterSync);
  });

  it('KEDA ScaledObjects are paused before the suspend and restored after the resume', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-k', managed, owner);
      await d.addWorkload('Deployment', 'team-k', 'web', 2);
      await d.addScaledObject('team-k', 'web-scaler', 'web');
      await d.addScaledObject('team-k', 'held', 'web', { [ANN.kedaPaused]: 'true' });
    });
    const target = {
      case: 'namespace' as const,
      value: { clusterId: 'test-cluster', namespace: 'team-k' },
    };
    w.hub.command({ id: 'cmd-ks', action: Action.SUSPEND, target, requestedBy: 'U1' });
    await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-ks'));
    expect(await w.driver.scaledObjectAnnotations('team-k', 'web-scaler')).toEqual({
      [ANN.kedaPaused]: 'true',
      [ANN.previousPaused]: 'absent',
    });
    expect(await w.driver.scaledObjectAnnotations('team-k', 'held')).toEqual({
      [ANN.kedaPaused]: 'true',
    });
    w.hub.command({ id: 'cmd-kr', action: Action.RESUME, target, requestedBy: 'U1' });
    await eventually(() =>
      w.hub.results().find((r) => r.commandId === 'cmd-kr' && r.status === CommandStatus.SUCCEEDED),
    );
    expect(await w.driver.scaledObjectAnnotations('team-k', 'web-scaler')).toEqual({});
    expect(await w.driver.scaledObjectAnnotations('team-k', 'held')).toEqual({
      [ANN.kedaPaused]: 'true',
    });
    expect((await w.driver.workload('Deployment', 'team-k', 'web')).replicas).toBe(2);
  });
});
