/**
 * Cloud resources through the whole agent (informers, reconciler, hub link, commands), with the
 * agent killed at every step of a scheduled suspend — in particular between stopping the
 * workloads and stopping the instances: a fresh agent finishes it, nothing is stopped twice,
 * nothing is left out, and the resume starts exactly what the suspend stopped.
 */
import {
  ANNOTATIONS,
  formatInstant,
  formatOffsetRecord,
  LABELS,
  readCloudRecord,
} from '@curfew/core';
import { Action, CommandStatus, NotificationKind } from '@curfew/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { NS_TAG, POLL_MS } from '../support/cloud-setup.js';
import { CloudWorld } from '../support/cloud-world.js';
import type { ClusterDriver } from '../support/cluster-driver.js';
import { crashing } from '../support/crashing-kube.js';
import { drivers } from '../support/drivers.js';
import { DEFAULT_TAG_KEYS, FakeCloud } from '../support/fake-cloud.js';
import { at, ManualClock, makeAgent, startHub } from '../support/harness.js';
import { eventually } from '../support/test-hub.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CLOUD_CONFIG = {
  regions: ['eu-west-1'],
  pollMs: POLL_MS,
  sweepIntervalMs: 24 * 60 * 60_000,
  prices: { 'ec2/t3.medium': 0.0416, 'rds/db.t3.medium': 0.072 },
};
const tagged = { [NS_TAG]: 'team-k' };

async function team(d: ClusterDriver) {
  await d.addNamespace('curfew-system');
  await d.addNamespace(
    'team-k',
    { [LABELS.managed]: 'true' },
    {
      [ANNOTATIONS.owner]: 'dev@example.com',
      // The 15-minute reminder went out: at 19:00 the schedule suspends without another one.
      [ANNOTATIONS.shutdownAt]: formatInstant(at('19:00')),
      [ANNOTATIONS.reminderSent]: formatOffsetRecord(15, at('19:00')),
    },
  );
  await d.addWorkload('Deployment', 'team-k', 'web', 2);
  await d.addWorkload('Deployment', 'team-k', 'api', 1);
}

function account() {
  const world = new CloudWorld();
  world.addInstance('eu-west-1', 'i-jump', 'running', { ...tagged, Name: 'jump' });
  world.addInstance('eu-west-1', 'i-off', 'stopped', tagged);
  world.addDatabase('eu-west-1', 'orders', 'available', tagged);
  world.addCluster('eu-west-1', 'aurora', 'available', tagged, []);
  return world;
}

const IDS = ['i-jump', 'orders', 'aurora'];
const stops = (world: CloudWorld, id: string) =>
  world.calls.filter((c) => c.op.startsWith('Stop') && c.id === id).length;
const starts = (world: CloudWorld, id: string) =>
  world.calls.filter((c) => c.op.startsWith('Start') && c.id === id).length;

/** Advances the agent's clock in poll steps, AWS finishing its transitions, until `done`. */
async function drive(
  clock: ManualClock,
  world: CloudWorld,
  done: () => Promise<boolean> | boolean,
) {
  for (let i = 0; i < 60 && !(await done()); i += 1) {
    world.settle();
    // Not reconciler.idle(): a reconcile queued behind an action that sleeps on this clock
    // would wait for the clock forever.
    await clock.advance(POLL_MS, () => new Promise((r) => setTimeout(r, 5)));
  }
  expect(await done()).toBe(true);
}

describe.each(drivers)('cloud resources through the agent on a $name', ({ make }) => {
  it('an agent killed at any step of a suspend — also between the workloads and the instances — is finished by a fresh one: nothing stopped twice, nothing left out', async () => {
    // Kube writes of this suspend, one at a time: `suspending`, web, api, the cloud record; then
    // three stop calls; then the final mark. Crash after each.
    const points = [
      { kubeWrites: 1 },
      { kubeWrites: 3 }, // workloads at 0, nothing recorded or stopped yet
      { kubeWrites: 4 }, // recorded, no stop call yet
      { cloudWrites: 1 }, // one instance stopped, two not
      { cloudWrites: 3 }, // all stopped, not yet marked suspended
      { kubeWrites: 5 },
    ];
    const leftBehind: string[] = [];
    for (const point of points as { kubeWrites?: number; cloudWrites?: number }[]) {
      const driver = await make();
      cleanups.push(() => driver.stop());
      await team(driver);
      const world = account();
      const { hub, address } = await startHub();
      cleanups.push(() => hub.stop());
      const clock = new ManualClock(at('19:00'));
      const doomed = crashing(driver.connect(), point.kubeWrites ?? Number.POSITIVE_INFINITY);
      const dyingCloud = new FakeCloud(world, DEFAULT_TAG_KEYS, 'test-cluster', doomed.state);
      if (point.cloudWrites) dyingCloud.writesBeforeCrash = point.cloudWrites;
      const first = makeAgent(doomed.kube, address, clock, {
        concurrency: 1,
        cloud: { api: dyingCloud, config: CLOUD_CONFIG },
      });
      await first.start();
      await eventually(() => doomed.state.dead, 10_000);
      await first.stop().catch(() => undefined);
      const label = JSON.stringify(point);
      const before = await driver.namespaceAnnotations('team-k');
      const replicas = [
        (await driver.workload('Deployment', 'team-k', 'web')).replicas,
        (await driver.workload('Deployment', 'team-k', 'api')).replicas,
      ];
      leftBehind.push(
        `${before[ANNOTATIONS.state]} ${replicas.join('/')} recorded=${readCloudRecord(before).stopped.length} stops=${IDS.reduce((n, id) => n + stops(world, id), 0)}`,
      );

      const second = makeAgent(driver.connect(), address, clock, {
        instanceId: 'agent-b',
        cloud: { api: new FakeCloud(world), config: CLOUD_CONFIG },
      });
      cleanups.push(() => second.stop());
      await second.start();
      await second.link.whenConnected();
      await drive(
        clock,
        world,
        async () =>
          (await driver.namespaceAnnotations('team-k'))[ANNOTATIONS.state] === 'suspended',
      );
      const annotations = await driver.namespaceAnnotations('team-k');
      expect({
        label,
        recorded: readCloudRecord(annotations)
          .stopped.map((e) => e.id)
          .sort(),
      }).toEqual({ label, recorded: [...IDS].sort() });
      expect({
        label,
        stops: IDS.map((id) => stops(world, id)),
        personal: stops(world, 'i-off'),
      }).toEqual({ label, stops: [1, 1, 1], personal: 0 });
      world.settle();
      expect({ label, states: IDS.map((id) => world.state(id)) }).toEqual({
        label,
        states: ['stopped', 'stopped', 'stopped'],
      });
      await eventually(
        () =>
          hub
            .delivered()
            .some((n) => n.kind === NotificationKind.SUSPENDED && n.namespace === 'team-k'),
        10_000,
      );

      hub.command({
        id: `resume-${label}`,
        action: Action.RESUME,
        target: { case: 'namespace', value: { clusterId: 'test-cluster', namespace: 'team-k' } },
        requestedBy: 'U1',
      });
      await drive(clock, world, () =>
        hub
          .results()
          .some((r) => r.commandId === `resume-${label}` && r.status === CommandStatus.SUCCEEDED),
      );
      expect({
        label,
        states: [...IDS, 'i-off'].map((id) => world.state(id)),
        starts: IDS.map((id) => starts(world, id)),
      }).toEqual({
        label,
        states: ['running', 'available', 'available', 'stopped'],
        starts: [1, 1, 1],
      });
      expect((await driver.workload('Deployment', 'team-k', 'web')).replicas).toBe(2);
      expect(
        (await driver.namespaceAnnotations('team-k'))[ANNOTATIONS.cloudStopped],
      ).toBeUndefined();
      await second.stop();
      await hub.stop();
      await driver.stop();
      cleanups.splice(0);
    }
    // The kills really hit where the points say.
    expect(leftBehind).toEqual([
      'suspending 2/1 recorded=0 stops=0',
      'suspending 0/0 recorded=0 stops=0',
      'suspending 0/0 recorded=3 stops=0',
      'suspending 0/0 recorded=3 stops=1',
      'suspending 0/0 recorded=3 stops=3',
      'suspended 0/0 recorded=3 stops=3',
    ]);
  }, 300_000);

  it('status, snapshots and the resume command carry the cloud resources with state, owner-facing problems and prices', async () => {
    const driver = await make();
    cleanups.push(() => driver.stop());
    await team(driver);
    const world = account();
    world.addDatabase('eu-west-1', 'orders-r', 'available', tagged, {
      ReadReplicaSourceDBInstanceIdentifier: 'orders',
    });
    const { hub, address } = await startHub();
    cleanups.push(() => hub.stop());
    const clock = new ManualClock(at('10:00'));
    const agent = makeAgent(driver.connect(), address, clock, {
      cloud: { api: new FakeCloud(world), config: CLOUD_CONFIG },
    });
    cleanups.push(() => agent.stop());
    await agent.start();
    await agent.link.whenConnected();
    hub.command({
      id: 'status-1',
      action: Action.STATUS,
      target: { case: 'namespace', value: { clusterId: 'test-cluster', namespace: 'team-k' } },
    });
    const result = await eventually(() => hub.results().find((r) => r.commandId === 'status-1'));
    const byId = Object.fromEntries((result.namespace?.cloudResources ?? []).map((r) => [r.id, r]));
    expect(Object.keys(byId).sort()).toEqual(['aurora', 'i-jump', 'i-off', 'orders', 'orders-r']);
    expect(byId['i-jump']).toMatchObject({
      kind: 'ec2',
      state: 'running',
      name: 'jump',
      size: 't3.medium',
      dollarsPerHour: 0.0416,
      stoppedByCurfew: false,
      problem: '',
    });
    expect(byId['orders-r']?.problem).toMatch(/read replica of orders/);
    expect(byId.orders?.problem).toMatch(/has read replicas/);
    expect(byId.aurora?.dollarsPerHour).toBeUndefined();
    // The snapshot the hub keeps has them too, once a lookup changed them.
    await eventually(() =>
      hub
        .snapshots()
        .some((s) =>
          s.namespaces.some((n) => n.name === 'team-k' && n.cloudResources.length === 5),
        ),
    );
  }, 60_000);
});
