/**
 * One owner's evening, end to end: the reminder reaches her Slack DM, she snoozes it (and
 * Slack delivers that click twice, to both replicas), the reminder comes back relative to
 * the new shutdown, the namespace is suspended on schedule, and the Resume button brings it
 * back with a "running again" message once the workloads are ready.
 *
 * The agents' clock jumps (WarpClock); the hubs, Redis, Slack and the clusters run on real
 * time, so every hop is real: gRPC stream, routing between replicas, the Slack outbox.
 */
import type { KubeSim } from '@curfew/kube-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUptime } from '../../scripts/demo/seed.js';
import { ANA, deployment, fixtureFor, ns, statefulSet } from './support/fixtures.js';
import {
  dms,
  eventually,
  lastDm,
  namespaceAnnotations,
  RT,
  replicas,
  startWorld,
  textOf,
  type World,
} from './support/world.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let w: World;
let shutdownAt: number;

beforeAll(async () => {
  const schedule = demoUptime(Date.now(), 30);
  shutdownAt = schedule.endsAt;
  w = await startWorld({
    fixtures: {
      'dev-eu': fixtureFor([ns('team-j', ANA, [deployment('web', 2), statefulSet('db', 1)])]),
      'dev-us': fixtureFor([ns('elsewhere', ANA, [deployment('web', 1)])]),
    },
    uptime: schedule.uptime,
    reminderOffsetsMinutes: [15, 5],
  });
}, 300_000);

afterAll(async () => {
  await w?.close();
});

function eventReasons(sim: KubeSim, namespace: string): string[] {
  const events = sim.api.list(RT.events, namespace, {}).items as {
    reason?: string;
    involvedObject?: { kind?: string };
  }[];
  return events.filter((e) => e.involvedObject?.kind === 'Namespace').map((e) => e.reason ?? '');
}

/** Messages to ana as first posted (reminders are later edited to "closed"). */
function originals(pattern: RegExp) {
  return dms(w.sim, w.users.ana).filter((m) => {
    const first = m.revisions[0] ?? m;
    return pattern.test(`${first.text}\n${JSON.stringify(first.blocks)}`);
  });
}

/** Reminders to ana about team-j's shutdown at `at`. */
function remindersFor(at: number) {
  return originals(new RegExp(`team-j on dev-eu will be suspended[^]*<!date\\^${at / 1000}\\^`));
}

describe('an owner’s reminder, snooze, suspend and resume through Slack', () => {
  it('runs from the first reminder to the "running again" message', async () => {
    const eu = w.clusters['dev-eu'].sim;
    const ana = w.users.ana;
    expect(dms(w.sim, ana)).toEqual([]);

    // 15 minutes before the end of uptime: the first reminder, as a DM with buttons.
    await w.clock.warpTo(shutdownAt - 15 * MINUTE, w.settle);
    const reminder = await eventually(() => lastDm(w.sim, ana, /team-j.*will be suspended/));
    // The hub words "in N min" by its own (real) clock; the shutdown time itself is exact.
    expect(textOf(reminder)).toContain(`<!date^${shutdownAt / 1000}^`);

    // She snoozes for an hour; Slack delivers the click to replica B and, a moment later,
    // the very same request to replica A (a retry after a slow answer).
    const click = w.slack[1].messageAction({
      userId: ana.id,
      message: reminder,
      actionId: 'curfew_snooze',
      selectedValue: '1h',
    });
    const [first, second] = await Promise.all([
      w.slack[1].send(click),
      w.slack[0].replay({ ...click, url: `${w.hubs[0].url}/slack/events` }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const snoozedUntil = new Date(shutdownAt + HOUR).toISOString().replace('.000Z', 'Z');
    await eventually(() =>
      expect(namespaceAnnotations(eu, 'team-j')['curfew.dev/snoozed-until']).toBe(snoozedUntil),
    );
    await eventually(async () => {
      const snoozes = (await w.admin.audit()).filter(
        (e) => e.namespace === 'team-j' && e.action === 'slack:snooze',
      );
      expect(snoozes).toMatchObject([{ outcome: 'succeeded', actor: ana.id }]);
    });
    await w.settle();
    expect(eventReasons(eu, 'team-j').filter((r) => r === 'CurfewSnoozed')).toHaveLength(1);

    // The old shutdown passes: still running, and no suspended message.
    await w.clock.warpTo(shutdownAt + MINUTE, w.settle);
    expect(replicas(eu, 'Deployment', 'team-j', 'web')).toBe(2);

    // The reminders re-arm relative to the new shutdown: 15, then 5 minutes before it.
    const newShutdown = shutdownAt + HOUR;
    await w.clock.warpTo(newShutdown - 15 * MINUTE, w.settle);
    await eventually(() => expect(remindersFor(newShutdown)).toHaveLength(1));
    await w.clock.warpTo(newShutdown - 5 * MINUTE, w.settle);
    await eventually(() => expect(remindersFor(newShutdown)).toHaveLength(2));
    expect(replicas(eu, 'Deployment', 'team-j', 'web')).toBe(2);

    // The new shutdown: suspended on schedule, with a Resume button.
    await w.clock.warpTo(newShutdown, w.settle);
    await eventually(() => {
      expect(replicas(eu, 'Deployment', 'team-j', 'web')).toBe(0);
      expect(replicas(eu, 'StatefulSet', 'team-j', 'db')).toBe(0);
    });
    const suspended = await eventually(() => lastDm(w.sim, ana, /team-j.*was suspended/));
    expect(textOf(suspended)).toContain('on schedule');

    // Resume, clicked in that message, through replica A.
    const resume = w.slack[0].messageAction({
      userId: ana.id,
      message: suspended,
      actionId: 'curfew_resume',
    });
    expect((await w.slack[0].send(resume)).status).toBe(200);
    await eventually(() => {
      expect(replicas(eu, 'Deployment', 'team-j', 'web')).toBe(2);
      expect(replicas(eu, 'StatefulSet', 'team-j', 'db')).toBe(1);
    });
    // "Running again" only once the pods are ready (kube-sim: 200 ms after Running).
    await eventually(() => lastDm(w.sim, ana, /team-j on dev-eu is running again/));
    await eventually(async () => {
      const entries = (await w.admin.audit()).filter((e) => e.namespace === 'team-j');
      expect(entries.filter((e) => e.action === 'slack:resume')).toMatchObject([
        { outcome: 'succeeded', actor: ana.id },
      ]);
    });
    // The snoozed shutdown got one reminder only; the suspend came once.
    expect(remindersFor(shutdownAt)).toHaveLength(1);
    expect(remindersFor(newShutdown)).toHaveLength(2);
    expect(originals(/team-j on dev-eu was suspended/)).toHaveLength(1);
    expect(eventReasons(eu, 'team-j')).toEqual(
      expect.arrayContaining(['CurfewSnoozed', 'CurfewSuspended']),
    );
  });
});
