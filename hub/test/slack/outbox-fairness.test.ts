/**
 * One agent token floods the Slack outbox (issue 18, finding 4): 10,000 notifications from
 * one cluster must not delay another cluster's owner DM, nor any reply to a Slack request.
 * Measured by counts and order, not time: every flood notification is about a namespace
 * whose owner Slack does not know, so each one the outbox handles leaves one audit entry
 * ("notify … failed") — how many of them were handled before the other cluster's DM or the
 * reply shows how far back in line those were.
 */
import { NotificationKind } from '@curfew/proto';
import { blocksText } from '@curfew/slack-sim';
import { describe, expect, it } from 'vitest';
import { summary } from './support/fakes.js';
import { eventually, type Harness, harnessPerTest } from './support/harness.js';
import { notification, reminder } from './support/notifications.js';

const start = harnessPerTest();

const FLOOD = 10_000;
const BURST = 5;
const PER_MINUTE = 60;
const BACKLOG_MS = 10 * 60_000;

async function floodedHarness(): Promise<{ x: Harness; results: (string | undefined)[] }> {
  const x = await start({
    dispatchWaitMs: 2_000,
    apiTimeoutMs: 1_000,
    outbox: {
      backoffMs: 100,
      concurrency: 4,
      clusterNotificationsPerMinute: PER_MINUTE,
      clusterNotificationBurst: BURST,
      clusterNotificationBacklogMs: BACKLOG_MS,
    },
  });
  // c-us (no default channel) reports ten namespaces of an owner Slack does not know.
  for (let i = 0; i < 10; i += 1) {
    x.namespaces.add('c-us', summary({ name: `flood-${i}`, owner: 'ghost@example.com' }));
  }
  x.namespaces.add('c-eu', summary({ name: 'team-y', owner: 'ana@example.com' }));
  const results: (string | undefined)[] = [];
  for (let n = 0; n < FLOOD; n += 1) {
    results.push(
      await x.mount.sink.deliver(
        'c-us',
        notification({
          id: `flood-${n}`,
          kind: NotificationKind.SUSPENDED,
          namespace: `flood-${n % 10}`,
        }),
      ),
    );
  }
  return { x, results };
}

/** Flood notifications the outbox has handled so far (each left one audit entry). */
function floodHandled(x: Harness): number {
  return x.audit.entries.filter((e) => e.clusterId === 'c-us' && e.action.startsWith('notify:'))
    .length;
}

describe('a cluster flooding the Slack outbox', () => {
  it("does not delay another cluster's owner DM: it waits behind one burst, not the flood", async () => {
    const { x, results } = await floodedHarness();
    await x.mount.sink.deliver('c-eu', reminder('y-1', 'team-y', 'ana@example.com'));

    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1), 15_000);
    const before = floodHandled(x);
    expect(blocksText(x.sim.workspace.dm(x.ana.id)[0]?.blocks)).toContain('team-y');
    // The flood's first burst, plus the one a second its schedule releases meanwhile.
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(100);
    // What the cluster may queue is its budget: a burst and ten minutes at 60 a minute; the
    // rest is dropped (acknowledged, counted), not queued for hours.
    const queued = results.filter((r) => r === undefined).length;
    expect(queued).toBeGreaterThanOrEqual(BURST + (BACKLOG_MS / 60_000) * PER_MINUTE);
    expect(queued).toBeLessThan(FLOOD / 10);
    expect(results.filter((r) => r === 'dropped')).toHaveLength(FLOOD - queued);
  });

  it('never makes a reply to a Slack request wait behind notifications', async () => {
    const { x } = await floodedHarness();
    const reply = await x.slack.send(
      x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-y' }),
    );
    expect(reply.status).toBe(200);

    await eventually(() => {
      const [answer] = x.sim.workspace.dm(x.ana.id);
      expect(blocksText(answer?.blocks)).toContain('Suspended by');
    }, 15_000);
    expect(floodHandled(x)).toBeLessThan(100);
    const updates = x.sim.callsTo('response_url');
    expect(updates.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps replies in their own lane: a full notification queue, every cluster within budget, does not hold one up', async () => {
    const x = await start({
      outbox: { backoffMs: 100, concurrency: 4, clusterNotificationBurst: BURST },
    });
    x.namespaces.add('c-eu', summary({ name: 'team-y', owner: 'ana@example.com' }));
    // Fifty clusters each send one burst: 250 notifications due at once, each read slowly.
    const clusters = Array.from({ length: 50 }, (_, i) => `c-${i}`);
    for (const clusterId of clusters) {
      x.namespaces.add(clusterId, summary({ name: 'app', owner: 'ghost@example.com' }));
    }
    x.namespaces.delayMs = 50;
    for (const clusterId of clusters) {
      for (let n = 0; n < BURST; n += 1) {
        const queued = await x.mount.sink.deliver(
          clusterId,
          notification({ id: `n-${n}`, kind: NotificationKind.SUSPENDED, namespace: 'app' }),
        );
        expect(queued).toBeUndefined();
      }
    }
    const total = clusters.length * BURST;

    await x.slack.send(x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-y' }));
    await eventually(() => {
      const [answer] = x.sim.workspace.dm(x.ana.id);
      expect(blocksText(answer?.blocks)).toContain('Suspended by');
    }, 20_000);
    const handled = x.audit.entries.filter((e) => e.action.startsWith('notify:')).length;
    // Behind the notifications it would have waited for all of them.
    expect(handled).toBeLessThan(total / 2);
    await eventually(
      () =>
        expect(x.audit.entries.filter((e) => e.action.startsWith('notify:'))).toHaveLength(total),
      30_000,
    );
  });
});
