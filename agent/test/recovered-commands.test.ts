/**
 * A hub command re-delivered after the agent died half-way through it (issue 18, finding 6):
 * the fresh agent answers only once its recovery has finished the action, and the finished
 * action is reported as the command's — so the hub audits it once, as the command's outcome,
 * and not a second time as something the agent did by itself. The fresh agent's recovery is
 * held mid-way at a gate, so "not before" is a state the test can look at, not a race.
 */
import { Action, CommandStatus, NamespaceState, NotificationKind } from '@curfew/proto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../src/agent.js';
import { ANN } from '../src/annotations.js';
import type { ClusterDriver } from './support/cluster-driver.js';
import { ask } from './support/crash-loop.js';
import { crashing } from './support/crashing-kube.js';
import { drivers } from './support/drivers.js';
import { gated } from './support/gated-kube.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import { shape, team } from './support/team.js';
import { eventually, type TestHub } from './support/test-hub.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const teamK = {
  case: 'namespace' as const,
  value: { clusterId: 'test-cluster', namespace: 'team-k' },
};
const SUSPEND = { id: 'suspend-1', action: Action.SUSPEND, target: teamK, requestedBy: 'U1' };
const SUSPENDED_SHAPE = { web: 0, api: 0, db: 0, nightly: true, paused: true };

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function resultsFor(hub: TestHub, from: number, id: string) {
  return hub
    .results()
    .slice(from)
    .filter((r) => r.commandId === id && r.status !== CommandStatus.ACCEPTED);
}

/** An agent asked to suspend team-k dies after `writes` writes; the cluster is left as it was then. */
async function interruptedSuspend(make: () => Promise<ClusterDriver>, writes: number) {
  const driver = await make();
  cleanups.push(() => driver.stop());
  await team(driver);
  const { hub, address } = await startHub();
  cleanups.push(() => hub.stop());
  // Midday: the schedule has nothing to do; only the command acts.
  const clock = new ManualClock(at('12:00'));
  const doomed = crashing(driver.connect(), writes);
  const first = makeAgent(doomed.kube, address, clock, { concurrency: 1 });
  await first.start();
  await first.link.whenConnected();
  await ask(hub, SUSPEND, () => doomed.state.dead);
  await eventually(() => doomed.state.dead, 15_000);
  await first.stop().catch(() => undefined);
  return { driver, hub, address, clock };
}

async function freshAgent(
  run: Awaited<ReturnType<typeof interruptedSuspend>>,
  kube = run.driver.connect(),
): Promise<Agent> {
  const agent = makeAgent(kube, run.address, run.clock, { instanceId: 'agent-b' });
  cleanups.push(() => agent.stop());
  await agent.start();
  await agent.link.whenConnected();
  return agent;
}

describe.each(drivers)(
  'a command re-delivered after the agent died mid-way, on a $name',
  ({ make }) => {
    it('is answered only when the fresh agent has finished the interrupted suspend', async () => {
      const run = await interruptedSuspend(make, 2);
      const annotations = await run.driver.namespaceAnnotations('team-k');
      expect(annotations[ANN.state]).toBe('suspending');
      // The agent recorded the command with its first effect: a re-delivery finds it "done".
      expect(annotations[ANN.commandIds]).toContain('suspend-1');

      // The fresh agent's recovery is held at its next workload write.
      const gate = gated(run.driver.connect(), ['scaleWorkload', 'patchWorkload', 'patchCronJob']);
      await freshAgent(run, gate.kube);
      await eventually(() => gate.held() > 0, 15_000);
      const from = run.hub.results().length;
      run.hub.command(SUSPEND);
      await settle(300);
      expect(resultsFor(run.hub, from, 'suspend-1')).toEqual([]);

      gate.open();
      const result = await eventually(() => resultsFor(run.hub, from, 'suspend-1')[0], 15_000);
      expect(result?.status).toBe(CommandStatus.SUCCEEDED);
      expect(result?.namespace?.state).toBe(NamespaceState.SUSPENDED);
      expect(await shape(run.driver)).toEqual(SUSPENDED_SHAPE);
      expect((await run.driver.namespaceAnnotations('team-k'))[ANN.state]).toBe('suspended');
    });

    it("reports the finished suspend as the command's, so the hub audits it once", async () => {
      const run = await interruptedSuspend(make, 2);
      await freshAgent(run);
      const from = run.hub.results().length;
      run.hub.command(SUSPEND);
      await eventually(() => resultsFor(run.hub, from, 'suspend-1').length > 0, 15_000);
      await eventually(
        () =>
          run.hub
            .delivered()
            .some((n) => n.kind === NotificationKind.SUSPENDED && n.namespace === 'team-k'),
        15_000,
      );
      const reports = run.hub
        .delivered()
        .filter((n) => n.kind === NotificationKind.SUSPENDED && n.namespace === 'team-k');
      // With the command's id the hub leaves it to the command's own audit entry.
      expect(reports.map((n) => [n.commandId, n.actor])).toEqual([['suspend-1', 'U1']]);
      expect(await shape(run.driver)).toEqual(SUSPENDED_SHAPE);
      const annotations = await run.driver.namespaceAnnotations('team-k');
      expect(annotations[ANN.actionCommand]).toBeUndefined();
    });
  },
);
