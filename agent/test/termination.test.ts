/**
 * A namespace Kubernetes is deleting, carried through the agent: a delete answers "deleting" at
 * once and "deleted" only when the namespace is gone — or "stuck terminating" with what holds it;
 * nothing else acts on a terminating namespace; snapshots show what holds it; and an agent
 * restarted mid-deletion finishes the answer without deleting again. On the fake and kube-sim.
 */
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { Action, type CommandResult, CommandStatus, NamespaceState } from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import { drivers } from './support/drivers.js';
import { at, makeAgent } from './support/harness.js';
import { eventually } from './support/test-hub.js';
import { kinds, managed, owner, worldsStoppedAfterEach } from './support/world.js';

const world = worldsStoppedAfterEach();
const MINUTE = 60_000;
/** The agent's default CURFEW_DELETE_STUCK_AFTER_MS. */
const STUCK_AFTER = 5 * MINUTE;
const HOLD = 'example.com/hold';

const target = (namespace: string) => ({
  case: 'namespace' as const,
  value: { clusterId: 'test-cluster', namespace },
});

const answers = (results: CommandResult[], id: string) => results.filter((r) => r.commandId === id);
const final = (results: CommandResult[], id: string) =>
  answers(results, id).find((r) => r.status !== CommandStatus.ACCEPTED);

describe.each(drivers)('a namespace being deleted, on a $name', ({ make }) => {
  it('a delete held by a finalizer says "deleting" at once, "stuck" with the finalizer after the timeout, and the snapshot shows what holds it', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-x', managed, owner);
      await d.addWorkload('Deployment', 'team-x', 'web', 1);
      await d.holdDeletion('team-x', HOLD);
    });
    w.hub.command({
      id: 'del',
      action: Action.DELETE,
      target: target('team-x'),
      requestedBy: 'U1',
    });
    const accepted = await eventually(() => answers(w.hub.results(), 'del')[0]);
    expect(accepted.status).toBe(CommandStatus.ACCEPTED);
    expect(accepted.message).toMatch(/^deleting: team-x is terminating/);
    // The snapshot says it is being deleted, since when, and what holds it.
    const summary = await eventually(() =>
      w.hub
        .snapshots()
        .flatMap((s) => s.namespaces)
        .findLast((n) => n.name === 'team-x' && n.termination.includes(HOLD)),
    );
    expect(summary.state).toBe(NamespaceState.TERMINATING);
    expect(summary.deletionStartedAt && timestampMs(summary.deletionStartedAt)).toBeGreaterThan(0);
    expect(summary.termination).toMatch(/^held by finalizers: kubernetes, example\.com\/hold \(/);
    expect(summary.termination).toMatch(/NamespaceFinalizersRemaining: /);
    // Not before the timeout ...
    await w.clock.advance(STUCK_AFTER - MINUTE, w.settle);
    expect(final(w.hub.results(), 'del')).toBeUndefined();
    // ... and at it: stuck, with the conditions and every finalizer holding it.
    await w.clock.advance(MINUTE, w.settle);
    const stuck = await eventually(() => final(w.hub.results(), 'del'));
    expect(stuck.status).toBe(CommandStatus.FAILED);
    expect(stuck.message).toMatch(
      /^team-x is stuck terminating after 5 minutes: .*NamespaceFinalizersRemaining: .*Held by finalizers: kubernetes, example\.com\/hold\.$/,
    );
    // Once the finalizer goes, Kubernetes finishes; the snapshot drops the namespace.
    await w.driver.releaseDeletion('team-x');
    await eventually(() => w.hub.snapshots().some((s) => s.removed.includes('team-x')), 10_000);
  });

  it('a terminating namespace is never suspended, resumed, snoozed or reminded of; a second delete only waits for it to go', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-y', managed, owner);
      await d.addWorkload('Deployment', 'team-y', 'web', 2);
      await d.holdDeletion('team-y', HOLD);
    });
    w.hub.command({
      id: 'del-1',
      action: Action.DELETE,
      target: target('team-y'),
      requestedBy: 'U1',
    });
    await eventually(() => answers(w.hub.results(), 'del-1')[0]);
    await eventually(
      () =>
        w.agent.isLeader &&
        w.hub
          .snapshots()
          .some((s) =>
            s.namespaces.some((n) => n.name === 'team-y' && n.state === NamespaceState.TERMINATING),
          ),
    );
    for (const [id, action] of [
      ['s', Action.SUSPEND],
      ['r', Action.RESUME],
      ['z', Action.SNOOZE],
    ] as const) {
      w.hub.command({
        id,
        action,
        target: target('team-y'),
        requestedBy: 'U1',
        duration: { seconds: 3600n, nanos: 0 },
      });
      const refused = await eventually(() => final(w.hub.results(), id));
      expect(refused.status).toBe(CommandStatus.REJECTED);
      expect(refused.message).toMatch(
        /^team-y is being deleted, so it cannot be (suspended|resumed|snoozed); nothing was changed\.$/,
      );
    }
    // The business day ends while it terminates: no reminder, no suspend.
    await w.clock.advanceTo(at('19:30'), w.settle);
    expect(kinds(w.hub, 'team-y')).toEqual(['action_outcome']);
    // A second delete (another person, another button) sends no DELETE and reports the same end.
    w.hub.command({
      id: 'del-2',
      action: Action.DELETE,
      target: target('team-y'),
      requestedBy: 'U2',
    });
    const again = await eventually(() => answers(w.hub.results(), 'del-2')[0]);
    expect(again).toMatchObject({
      status: CommandStatus.ACCEPTED,
      message: 'team-y is already being deleted; Kubernetes removes it once its contents are gone.',
    });
    // The first delete's wait ran out during the evening: stuck, with what holds it.
    expect(final(w.hub.results(), 'del-1')).toMatchObject({
      status: CommandStatus.FAILED,
      message: expect.stringMatching(/^team-y is stuck terminating after \d+ minutes: /),
    });
    await w.driver.releaseDeletion('team-y');
    const done = await eventually(() => final(w.hub.results(), 'del-2'), 10_000);
    expect(done).toMatchObject({ status: CommandStatus.SUCCEEDED, message: 'team-y was deleted.' });
    expect(w.driver.namespaceDeletes()).toBe(1);
  });

  it('an agent restarted while the namespace terminates answers the re-delivered delete when it is gone, without deleting again', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('team-z', managed, owner);
      await d.holdDeletion('team-z', HOLD);
    });
    w.hub.command({
      id: 'del',
      action: Action.DELETE,
      target: target('team-z'),
      requestedBy: 'U1',
    });
    await eventually(() => answers(w.hub.results(), 'del')[0]);
    await w.agent.stop();
    // A fresh agent on the same cluster; the hub delivers the unfinished command again.
    const fresh = makeAgent(w.driver.connect(), w.address, w.clock, { instanceId: 'agent-b' });
    try {
      await fresh.start();
      await fresh.link.whenConnected();
      const before = w.hub.results().length;
      w.hub.command({
        id: 'del',
        action: Action.DELETE,
        target: target('team-z'),
        requestedBy: 'U1',
      });
      const again = await eventually(() =>
        w.hub
          .results()
          .slice(before)
          .find((r) => r.commandId === 'del'),
      );
      expect(again.message).toMatch(/already being deleted/);
      // One DELETE, the first agent's: the fresh one did not delete again.
      expect(w.driver.namespaceDeletes()).toBe(1);
      await w.driver.releaseDeletion('team-z');
      const done = await eventually(
        () =>
          w.hub
            .results()
            .slice(before)
            .find((r) => r.commandId === 'del' && r.status !== CommandStatus.ACCEPTED),
        10_000,
      );
      expect(done).toMatchObject({
        status: CommandStatus.SUCCEEDED,
        message: 'team-z was deleted.',
      });
    } finally {
      await fresh.stop();
    }
  });
});
