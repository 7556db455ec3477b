import { formatInstant, formatOffsetRecord } from '@curfew/core';
import { Action, CommandStatus, NotificationKind } from '@curfew/proto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../src/agent.js';
import { ANN } from '../src/annotations.js';
import type { ClusterDriver } from './support/cluster-driver.js';
import { crashing } from './support/crashing-kube.js';
import { drivers } from './support/drivers.js';
import { FakeDriver } from './support/fake-driver.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import { eventually } from './support/test-hub.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const managed = { [ANN.managed]: 'true' };

/** The agent's own namespace (helm creates it) and a team namespace due for suspend at 19:00. */
async function team(d: ClusterDriver) {
  await d.addNamespace('curfew-system');
  await d.addNamespace('team-k', managed, {
    [ANN.owner]: 'dev@example.com',
    // The 15-minute reminder went out: at 19:00 the schedule suspends without another one.
    [ANN.shutdownAt]: formatInstant(at('19:00')),
    [ANN.reminderSent]: formatOffsetRecord(15, at('19:00')),
  });
  await d.addWorkload('Deployment', 'team-k', 'web', 3);
  await d.addWorkload('Deployment', 'team-k', 'api', 1);
  await d.addWorkload('StatefulSet', 'team-k', 'db', 2);
  await d.addCronJob('team-k', 'nightly', false);
  await d.addCronJob('team-k', 'paused', true);
}

async function shape(d: ClusterDriver) {
  return {
    web: (await d.workload('Deployment', 'team-k', 'web')).replicas,
    api: (await d.workload('Deployment', 'team-k', 'api')).replicas,
    db: (await d.workload('StatefulSet', 'team-k', 'db')).replicas,
    nightly: (await d.cronJob('team-k', 'nightly')).suspend,
    paused: (await d.cronJob('team-k', 'paused')).suspend,
  };
}

const ORIGINAL = { web: 3, api: 1, db: 2, nightly: false, paused: true };
const settleWith = (agent: Agent, realMs: number) => async () => {
  for (let i = 0; i < 3; i += 1) {
    await new Promise((r) => setTimeout(r, realMs));
    await agent.reconciler.idle();
  }
};

describe.each(drivers)('resilience on a $name', ({ name, make }) => {
  const realMs = name === 'fake cluster' ? 0 : 10;

  it('an agent killed between any two requests of a scheduled suspend loses nothing: a fresh agent finishes it and resume restores everything', async () => {
    // Writes of a suspend: namespace `suspending`, 3 scales, 1 CronJob, namespace
    // `suspended`, 1 Event. Crash after each of the first six.
    const leftBehind: string[] = [];
    for (const crashAfter of [1, 2, 3, 4, 5, 6]) {
      const driver = await make();
      await team(driver);
      const { hub, address } = await startHub();
      const clock = new ManualClock(at('19:00'));
      const doomed = crashing(driver.connect(), crashAfter);
      // One request at a time, so "after k writes" is a precise point between two requests.
      const first = makeAgent(doomed.kube, address, clock, { concurrency: 1 });
      await first.start();
      await eventually(() => doomed.state.dead, 10_000);
      await first.stop().catch(() => undefined);
      const { web, api, db, nightly } = await shape(driver);
      leftBehind.push(
        `${(await driver.namespaceAnnotations('team-k'))[ANN.state]} ${web}/${api}/${db}/${nightly}`,
      );

      const second = makeAgent(driver.connect(), address, clock, { instanceId: 'agent-b' });
      await second.start();
      await second.link.whenConnected();
      await eventually(
        async () => (await driver.namespaceAnnotations('team-k'))[ANN.state] === 'suspended',
        10_000,
      );
      await settleWith(second, realMs)();
      // The owner hears about it, whichever agent finished the suspend. (After write 6 the
      // namespace is already marked suspended: the first agent queued the notification just
      // before that write, and a kill can lose a queue that lives in memory by design.)
      if (crashAfter < 6)
        await eventually(() =>
          hub
            .notifications()
            .some((n) => n.kind === NotificationKind.SUSPENDED && n.namespace === 'team-k'),
        ).catch(() => {
          throw new Error(`no suspended notification after a crash after write ${crashAfter}`);
        });
      const suspended = await shape(driver);
      expect({ crashAfter, ...suspended }).toEqual({
        crashAfter,
        web: 0,
        api: 0,
        db: 0,
        nightly: true,
        paused: true,
      });
      hub.command({
        id: `resume-${crashAfter}`,
        action: Action.RESUME,
        target: { case: 'namespace', value: { clusterId: 'test-cluster', namespace: 'team-k' } },
        requestedBy: 'U1',
      });
      await eventually(
        () =>
          hub
            .results()
            .find(
              (r) => r.commandId === `resume-${crashAfter}` && r.status === CommandStatus.SUCCEEDED,
            ),
        10_000,
      );
      expect({ crashAfter, ...(await shape(driver)) }).toEqual({ crashAfter, ...ORIGINAL });
      await second.stop();
      await hub.stop();
      await driver.stop();
    }
    // The crashes really hit mid-suspend: half-scaled namespaces, still marked `suspending`.
    expect(leftBehind.filter((s) => s.startsWith('suspending'))).toHaveLength(5);
    expect(new Set(leftBehind).size, leftBehind.join('; ')).toBe(6);
  }, 120_000);

  it('a killed leader is replaced within one lease duration (plus one retry), a terminated one at once', async () => {
    const driver = await make();
    cleanups.push(() => driver.stop());
    await team(driver);
    const { hub, address } = await startHub();
    cleanups.push(() => hub.stop());
    const clock = new ManualClock(at('10:00'));
    const doomed = crashing(driver.connect(), Number.POSITIVE_INFINITY);
    const a = makeAgent(doomed.kube, address, clock, {
      leaderElection: true,
      instanceId: 'agent-a',
    });
    const b = makeAgent(driver.connect(), address, clock, {
      leaderElection: true,
      instanceId: 'agent-b',
    });
    const c = makeAgent(driver.connect(), address, clock, {
      leaderElection: true,
      instanceId: 'agent-c',
    });
    cleanups.push(
      () => b.stop(),
      () => c.stop(),
    );
    await a.start();
    const settle = settleWith(a, realMs);
    await clock.advance(0, settle);
    await eventually(() => a.isLeader);
    await b.start();
    await clock.advance(4_000, settle);
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    await eventually(() => hub.hellos().some((h) => h.instanceId === 'agent-a'));

    // kill -9: no release; b must wait for the lease to expire, but no longer.
    doomed.state.kill();
    const killedAt = clock.now();
    let takeover: number | undefined;
    while (!b.isLeader && clock.now() - killedAt < 30_000) {
      await clock.advance(1_000, settle);
      if (b.isLeader) takeover = clock.now();
    }
    expect(takeover).toBeDefined();
    expect((takeover ?? 0) - killedAt).toBeLessThanOrEqual(15_000 + 2_000);
    await eventually(() => hub.hellos().some((h) => h.instanceId === 'agent-b'));
    await a.stop().catch(() => undefined);

    // SIGTERM: b releases the lease; c takes over on its next retry.
    await c.start();
    await clock.advance(2_000, settle);
    expect(c.isLeader).toBe(false);
    const releasedAt = clock.now();
    await b.stop();
    await clock.advance(2_000, settle);
    await eventually(() => c.isLeader);
    expect(clock.now() - releasedAt).toBeLessThanOrEqual(2_000);
    await eventually(() => hub.hellos().some((h) => h.instanceId === 'agent-c'));
  }, 60_000);
});

describe('failed actions', () => {
  it('a suspend refused by the API server (403) is retried 30 seconds later, not forgotten', async () => {
    const driver = new FakeDriver();
    await team(driver);
    const { hub, address } = await startHub();
    cleanups.push(() => hub.stop());
    const clock = new ManualClock(at('18:59'));
    const kube = driver.connect();
    const agent = makeAgent(kube, address, clock);
    cleanups.push(() => agent.stop());
    await agent.start();
    const settle = settleWith(agent, 0);
    await clock.advance(0, settle);
    kube.failNext('annotateNamespace', 403, 1);
    const patchesBefore = kube.requests.filter((r) => r.verb === 'patch').length;
    await clock.advanceTo(at('19:00'), settle);
    expect((await driver.namespaceAnnotations('team-k'))[ANN.state]).toBeUndefined();
    expect(agent.reconciler.nextCheckOf('team-k')).toBe(at('19:00') + 30_000);
    // One refused patch, then quiet until the retry: no hot loop.
    expect(kube.requests.filter((r) => r.verb === 'patch').length - patchesBefore).toBe(1);
    await clock.advance(30_000, settle);
    expect(await shape(driver)).toEqual({ web: 0, api: 0, db: 0, nightly: true, paused: true });
    expect((await driver.namespaceAnnotations('team-k'))[ANN.state]).toBe('suspended');
  });
});
