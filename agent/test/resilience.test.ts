import { Action, CommandStatus, NotificationKind } from '@curfew/proto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../src/agent.js';
import { ANN } from '../src/annotations.js';
import type { ClusterDriver } from './support/cluster-driver.js';
import { crashing } from './support/crashing-kube.js';
import { drivers } from './support/drivers.js';
import { FakeDriver } from './support/fake-driver.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import { ORIGINAL, shape, team } from './support/team.js';
import { eventually, type TestHub } from './support/test-hub.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The SUSPENDED notifications for team-k that the hub delivers (one per id). */
const suspendedNotices = (hub: TestHub) =>
  hub.delivered().filter((n) => n.kind === NotificationKind.SUSPENDED && n.namespace === 'team-k');

/**
 * How many writes the scheduled suspend of `team` makes, on an agent nobody kills, until
 * `done` (checked against the cluster) holds.
 */
async function undisturbedWrites(
  make: () => Promise<ClusterDriver>,
  done: (driver: ClusterDriver) => Promise<boolean>,
): Promise<number> {
  const driver = await make();
  await team(driver);
  const { hub, address } = await startHub();
  const watched = crashing(driver.connect(), Number.POSITIVE_INFINITY);
  const agent = makeAgent(watched.kube, address, new ManualClock(at('19:00')), { concurrency: 1 });
  try {
    await agent.start();
    await eventually(() => done(driver), 10_000);
    await agent.reconciler.idle();
    await agent.outbox.idle();
    return watched.state.writes.length;
  } finally {
    await agent.stop();
    await hub.stop();
    await driver.stop();
  }
}
const settleWith = (agent: Agent, realMs: number) => async () => {
  for (let i = 0; i < 3; i += 1) {
    await new Promise((r) => setTimeout(r, realMs));
    await agent.reconciler.idle();
  }
};

describe.each(drivers)('resilience on a $name', ({ name, make }) => {
  const realMs = name === 'fake cluster' ? 0 : 10;

  it('an agent killed after any write of a scheduled suspend loses nothing: a fresh agent finishes it, the owner hears about it exactly once, and resume restores everything', async () => {
    // Writes of a suspend: namespace `suspending`, 3 scales, 1 CronJob, namespace `suspended`
    // with the notification owed, 1 Event, then (once the hub acknowledged it) the owed entry
    // removed. Count them on an undisturbed run, then crash after each one.
    const total = await undisturbedWrites(make, async (driver) => {
      const annotations = await driver.namespaceAnnotations('team-k');
      return annotations[ANN.state] === 'suspended' && annotations[ANN.outbox] === undefined;
    });
    expect(total).toBe(8);
    const leftBehind: string[] = [];
    for (let crashAfter = 1; crashAfter <= total; crashAfter += 1) {
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
      const annotations = await driver.namespaceAnnotations('team-k');
      leftBehind.push(
        `${annotations[ANN.state]} ${web}/${api}/${db}/${nightly}${annotations[ANN.outbox] ? ' owed' : ''}`,
      );

      const second = makeAgent(driver.connect(), address, clock, { instanceId: 'agent-b' });
      await second.start();
      await second.link.whenConnected();
      // The owner hears about it once, whichever agent finished the suspend — also when the
      // first died right after writing `suspended`, before its notification left the process.
      await eventually(() => suspendedNotices(hub).length > 0, 10_000).catch(() => {
        throw new Error(`no suspended notification after a crash after write ${crashAfter}`);
      });
      await eventually(
        async () => (await driver.namespaceAnnotations('team-k'))[ANN.outbox] === undefined,
        10_000,
      );
      await settleWith(second, realMs)();
      expect({ crashAfter, notices: suspendedNotices(hub).length }).toEqual({
        crashAfter,
        notices: 1,
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
    // The crashes really hit mid-suspend (half-scaled, still `suspending`) and between the final
    // mark and the notification leaving the process (`suspended`, the notification still owed).
    expect(leftBehind.filter((s) => s.startsWith('suspending'))).toHaveLength(5);
    expect(leftBehind.filter((s) => s.endsWith('owed'))).toEqual([
      'suspended 0/0/0/true owed',
      'suspended 0/0/0/true owed',
    ]);
    expect(new Set(leftBehind).size, leftBehind.join('; ')).toBe(7);
  }, 300_000);

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
