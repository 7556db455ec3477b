import { durationFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import { Action, CommandStatus, NamespaceState } from '@curfew/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { ANN } from '../src/annotations.js';
import type { ClusterDriver } from './support/cluster-driver.js';
import { drivers } from './support/drivers.js';
import { FakeDriver } from './support/fake-driver.js';
import { at, MONDAY } from './support/harness.js';
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

const target = (namespace: string) => ({
  case: 'namespace' as const,
  value: { clusterId: 'test-cluster', namespace },
});

describe.each(drivers)('hub commands and snapshots on a $name', ({ make }) => {
  it.each([
    {
      name: 'a suspend of a system namespace is rejected',
      namespace: 'kube-system',
      action: Action.SUSPEND,
      message: /not managed by Curfew: system namespace/,
    },
    {
      name: 'a suspend of an unlabelled namespace in an opt-in cluster is rejected',
      namespace: 'unlabelled',
      action: Action.SUSPEND,
      message: /not managed by Curfew: cluster is opt-in/,
    },
    {
      name: 'a command for a namespace that does not exist is rejected',
      namespace: 'nowhere',
      action: Action.RESUME,
      message: /does not exist in cluster test-cluster/,
    },
    {
      name: 'a snooze without a duration is rejected',
      namespace: 'team-c',
      action: Action.SNOOZE,
      message: /positive duration/,
    },
  ])('$name', async ({ namespace, action, message }) => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('unlabelled');
      await d.addNamespace('team-c', managed, owner);
    });
    w.hub.command({ id: 'cmd-r', action, target: target(namespace), requestedBy: 'U1' });
    const result = await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-r'));
    expect(result.status).toBe(CommandStatus.REJECTED);
    expect(result.message).toMatch(message);
  });

  it('status and list describe namespaces from the informer cache', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-c', managed, owner);
      await d.addWorkload('Deployment', 'team-c', 'web', 2);
      await d.addNamespace('other');
    });
    w.hub.command({ id: 'cmd-status', action: Action.STATUS, target: target('team-c') });
    const status = await eventually(() =>
      w.hub.results().find((r) => r.commandId === 'cmd-status'),
    );
    expect(status.status).toBe(CommandStatus.SUCCEEDED);
    expect(status.namespace).toMatchObject({
      name: 'team-c',
      state: NamespaceState.RUNNING,
      owner: 'dev@example.com',
      runningPods: 2,
      workloads: 1,
      uptime: 'Mon-Fri 08:00-19:00 UTC',
    });
    expect(
      timestampMs(status.namespace?.nextShutdown ?? ({ seconds: 0n, nanos: 0 } as never)),
    ).toBe(at('19:00'));
    w.hub.command({
      id: 'cmd-list',
      action: Action.LIST,
      target: { case: 'clusterId', value: 'test-cluster' },
    });
    const list = await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-list'));
    const states = Object.fromEntries(list.namespaces.map((n) => [n.name, n.state]));
    expect(states).toMatchObject({
      'team-c': NamespaceState.RUNNING,
      other: NamespaceState.UNMANAGED,
      'kube-system': NamespaceState.SYSTEM,
    });
  });

  it('the hub gets a full snapshot on connect and incremental ones as namespaces change', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-c', managed, owner);
      await d.addWorkload('Deployment', 'team-c', 'web', 1);
    });
    await eventually(() => w.hub.snapshots().length >= 1);
    const full = w.hub.snapshots()[0];
    expect(full?.full).toBe(true);
    expect(full?.namespaces.map((n) => n.name)).toContain('team-c');
    w.hub.command({
      id: 'cmd-s',
      action: Action.SUSPEND,
      target: target('team-c'),
      requestedBy: 'U1',
    });
    await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-s'));
    const incremental = await eventually(() =>
      w.hub
        .snapshots()
        .find(
          (s) =>
            !s.full &&
            s.namespaces.some((n) => n.name === 'team-c' && n.state === NamespaceState.SUSPENDED),
        ),
    );
    const summary = incremental.namespaces.find((n) => n.name === 'team-c');
    expect(summary).toMatchObject({ suspendedBy: 'U1' });
    expect(summary?.nextShutdown).toBeUndefined();
    const sequences = w.hub.snapshots().map((s) => s.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => Number(a - b)));
  });

  it('snoozing a suspended namespace resumes it and keeps it up until the snooze ends', async () => {
    const w = await world(make, at('20:00'), async (d) => {
      await d.addNamespace('team-z', managed, owner);
      await d.addWorkload('Deployment', 'team-z', 'web', 2);
    });
    w.hub.command({
      id: 'cmd-s',
      action: Action.SUSPEND,
      target: target('team-z'),
      requestedBy: 'U1',
    });
    await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-s'));
    w.hub.command({
      id: 'cmd-z',
      action: Action.SNOOZE,
      target: target('team-z'),
      duration: durationFromMs(3 * 60 * 60_000),
      requestedBy: 'U1',
    });
    const result = await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-z'));
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    // Resuming grants the largest reminder offset (1 h, to 21:00); the snooze adds 3 h to that.
    expect(result.message).toMatch(/resumed and snoozed until 2026-11-24T00:00:00/);
    expect((await w.driver.workload('Deployment', 'team-z', 'web')).replicas).toBe(2);
    expect(await w.driver.namespaceAnnotations('team-z')).toMatchObject({
      [ANN.state]: 'running',
      [ANN.snoozedUntil]: '2026-11-24T00:00:00Z',
    });
    await w.settle();
    // Reminders before the snooze ends, then the suspend at its end.
    await w.clock.advanceTo(at('23:59'), w.settle);
    expect((await w.driver.workload('Deployment', 'team-z', 'web')).replicas).toBe(2);
    await w.clock.advanceTo(at('00:00', MONDAY + 86_400_000), w.settle);
    await eventually(
      async () => (await w.driver.workload('Deployment', 'team-z', 'web')).replicas === 0,
    );
    // (The first 15-minute one is from 20:00, before the owner suspended it by hand.)
    expect(kinds(w.hub, 'team-z').filter((k) => k.startsWith('reminder'))).toEqual([
      'reminder 15',
      'reminder 60',
      'reminder 30',
      'reminder 15',
    ]);
  });

  it('a delete command records an Event, deletes the namespace and reports the outcome', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-d', managed, owner);
      await d.addWorkload('Deployment', 'team-d', 'web', 1);
    });
    // A second connection watches the namespace go the way a real cluster deletes one.
    const seen: { type: string; kind: string; phase?: string; deleting: boolean }[] = [];
    const watching = w.driver.connect().watch(({ type, object }) => {
      if (object.meta.namespace !== 'team-d' && object.meta.name !== 'team-d') return;
      const phase = object.kind === 'Namespace' ? object.phase : undefined;
      seen.push({ type, kind: object.kind, phase, deleting: object.meta.deleting });
    });
    cleanups.push(() => watching.stop());
    await watching.synced;
    w.hub.command({
      id: 'cmd-del',
      action: Action.DELETE,
      target: target('team-d'),
      requestedBy: 'U9',
    });
    // "deleting" at once: the DELETE only starts it.
    const accepted = await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-del'));
    expect(accepted).toMatchObject({
      status: CommandStatus.ACCEPTED,
      message: 'deleting: team-d is terminating; Kubernetes removes its contents first.',
    });
    expect(kinds(w.hub, 'team-d')).toEqual(['action_outcome']);
    // "deleted" only once the namespace is really gone.
    const result = await eventually(() =>
      w.hub.results().find((r) => r.commandId === 'cmd-del' && r.status !== CommandStatus.ACCEPTED),
    );
    expect(result).toMatchObject({
      status: CommandStatus.SUCCEEDED,
      message: 'team-d was deleted.',
    });
    await eventually(() => seen.some((e) => e.kind === 'Namespace' && e.type === 'delete'));
    const nsEvents = seen.filter((e) => e.kind === 'Namespace');
    // Terminating first (deletionTimestamp set), then gone only after its Deployment went.
    expect(nsEvents.find((e) => e.type === 'upsert' && e.phase === 'Terminating')).toMatchObject({
      deleting: true,
    });
    const gone = seen.findIndex((e) => e.kind === 'Namespace' && e.type === 'delete');
    const deploymentGone = seen.findIndex((e) => e.kind === 'Deployment' && e.type === 'delete');
    expect(deploymentGone).toBeGreaterThanOrEqual(0);
    expect(deploymentGone).toBeLessThan(gone);
    await eventually(async () => {
      try {
        const a = await w.driver.namespaceAnnotations('team-d');
        return Object.keys(a).length === 0;
      } catch {
        return true;
      }
    });
  });

  it('wake: auto resumes a suspended namespace when the next uptime starts', async () => {
    const w = await world(make, at('18:00'), async (d) => {
      await d.addNamespace('team-w', managed, { ...owner, [ANN.wake]: 'auto' });
      await d.addWorkload('Deployment', 'team-w', 'web', 2);
    });
    w.hub.command({
      id: 'cmd-s',
      action: Action.SUSPEND,
      target: target('team-w'),
      requestedBy: 'U1',
    });
    await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-s'));
    await w.settle();
    expect(w.agent.reconciler.nextCheckOf('team-w')).toBe(at('08:00', MONDAY + 86_400_000));
    await w.clock.advanceTo(at('07:59', MONDAY + 86_400_000), w.settle);
    expect((await w.driver.workload('Deployment', 'team-w', 'web')).replicas).toBe(0);
    await w.clock.advanceTo(at('08:00', MONDAY + 86_400_000), w.settle);
    await eventually(
      async () => (await w.driver.workload('Deployment', 'team-w', 'web')).replicas === 2,
    );
    await eventually(() => kinds(w.hub, 'team-w').includes('resumed'));
    expect((await w.driver.namespaceAnnotations('team-w'))[ANN.state]).toBe('running');
  });
});

describe('resume readiness', () => {
  it('reports which workloads are not ready when the readiness wait times out', async () => {
    const w = await world(
      async () => new FakeDriver(),
      at('10:00'),
      async (d) => {
        await d.addNamespace('team-n', managed, owner);
        await d.addWorkload('Deployment', 'team-n', 'web', 2);
        await d.addWorkload('Deployment', 'team-n', 'broken', 1);
      },
    );
    (w.driver as FakeDriver).cluster.notReady.add('team-n/broken');
    w.hub.command({
      id: 'cmd-s',
      action: Action.SUSPEND,
      target: target('team-n'),
      requestedBy: 'U1',
    });
    await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-s'));
    w.hub.command({
      id: 'cmd-r',
      action: Action.RESUME,
      target: target('team-n'),
      requestedBy: 'U1',
    });
    await eventually(() => w.hub.results().find((r) => r.commandId === 'cmd-r'));
    await w.settle();
    expect(
      w.hub
        .results()
        .filter((r) => r.commandId === 'cmd-r')
        .map((r) => r.status),
    ).toEqual([CommandStatus.ACCEPTED]);
    // The harness's readiness timeout is 5 minutes.
    await w.clock.advance(5 * 60_000, w.settle);
    const final = await eventually(() =>
      w.hub.results().find((r) => r.commandId === 'cmd-r' && r.status === CommandStatus.SUCCEEDED),
    );
    expect(final.notReady.map((n) => `${n.name}: ${n.reason}`)).toEqual([
      'broken: 0/1 replicas ready',
    ]);
    const resumed = w.hub.notifications().find((n) => n.namespace === 'team-n' && n.kind === 3);
    expect(resumed?.text).toMatch(/1 of 2 workloads is not ready: broken/);
  });
});
