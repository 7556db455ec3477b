/**
 * GitOps-aware suspend end to end: the whole agent on the fake cluster and on kube-sim with the
 * Argo CD and Flux CRDs registered and their simulated controllers running (Argo CD self-heal,
 * Flux), which put a scaled-down Deployment back at once while they are active. The suspend holds
 * only because the agent pauses them first (with CURFEW_GITOPS=off the same story is undone);
 * resume brings back both the replicas and the reconcilers exactly; and an agent killed after any
 * of its writes leaves nothing paused forever and the namespace resumable (support/crash-loop.ts).
 */
import { formatInstant, formatOffsetRecord, type ReconcilerRef } from '@curfew/core';
import { Action, CommandStatus, NotificationKind } from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import { ANN } from '../src/annotations.js';
import type { ClusterDriver } from './support/cluster-driver.js';
import { ask, atEveryWrite, type CrashRun } from './support/crash-loop.js';
import { drivers } from './support/drivers.js';
import { at, makeAgent } from './support/harness.js';
import { eventually } from './support/test-hub.js';
import { kinds, managed, owner, worldsStoppedAfterEach } from './support/world.js';

const SHOP: ReconcilerRef = { kind: 'Application', namespace: 'argocd', name: 'shop' };
const APPS: ReconcilerRef = { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' };
const AUTOMATED = { prune: true, selfHeal: true };
const teamG = {
  case: 'namespace' as const,
  value: { clusterId: 'test-cluster', namespace: 'team-g' },
};

/** team-g: web (3) from an Argo CD Application with self-heal, api (1) from a Kustomization. */
async function gitOpsTeam(d: ClusterDriver, annotations: Record<string, string> = owner) {
  await d.addNamespace('curfew-system');
  await d.addNamespace('team-g', managed, annotations);
  await d.addGitOps(SHOP, { automated: AUTOMATED }, [
    { namespace: 'team-g', name: 'web', replicas: 3 },
  ]);
  await d.addGitOps(APPS, {}, [{ namespace: 'team-g', name: 'api', replicas: 1 }]);
}

const replicas = async (d: ClusterDriver) => ({
  web: (await d.workload('Deployment', 'team-g', 'web')).replicas,
  api: (await d.workload('Deployment', 'team-g', 'api')).replicas,
});

const reconcilers = async (d: ClusterDriver) => ({
  shop: await d.reconciler(SHOP),
  apps: await d.reconciler(APPS),
});

const ORIGINAL = {
  shop: { annotations: {}, automated: AUTOMATED, suspend: undefined },
  apps: { annotations: {}, automated: undefined, suspend: undefined },
};

const world = worldsStoppedAfterEach();

/** The 15-minute reminder went out: at 19:00 the schedule suspends without another one. */
const dueAt19 = {
  ...owner,
  [ANN.shutdownAt]: formatInstant(at('19:00')),
  [ANN.reminderSent]: formatOffsetRecord(15, at('19:00')),
};

describe.each(drivers)('GitOps-aware suspend on a $name', ({ make }) => {
  it('the schedule suspend holds against Argo CD and Flux, the reconcilers are listed as paused, and resume restores replicas and reconcilers exactly', async () => {
    const w = await world(make, at('19:00'), (d) => gitOpsTeam(d, dueAt19));
    await eventually(() => kinds(w.hub, 'team-g').includes('suspended'), 15_000);
    await w.settle();
    expect(await replicas(w.driver)).toEqual({ web: 0, api: 0 });
    expect(w.driver.gitOpsReverts()).toBe(0);
    expect(await reconcilers(w.driver)).toEqual({
      shop: {
        annotations: {
          [ANN.pausedByCurfew]: 'team-g',
          [ANN.previousSyncPolicy]: JSON.stringify(AUTOMATED),
        },
        automated: undefined,
        suspend: undefined,
      },
      apps: {
        annotations: { [ANN.pausedByCurfew]: 'team-g', [ANN.previousFluxSuspend]: 'absent' },
        automated: undefined,
        suspend: true,
      },
    });
    const suspended = w.hub.notifications().find((n) => n.kind === NotificationKind.SUSPENDED);
    expect(suspended?.text).toContain(
      'Paused Argo CD Application argocd/shop and Flux Kustomization flux-system/apps so Git does not scale team-g back up',
    );
    // Status (the snapshot the hub lists) names what Curfew paused.
    await eventually(() => {
      const ns = w.hub.namespaces().find((n) => n.name === 'team-g');
      return ns?.pausedReconcilers.length === 2;
    });
    expect(
      w.hub
        .namespaces()
        .find((n) => n.name === 'team-g')
        ?.pausedReconcilers.map((r) => `${r.kind} ${r.namespace}/${r.name} for ${r.pausedFor}`),
    ).toEqual(['Application argocd/shop for team-g', 'Kustomization flux-system/apps for team-g']);

    const result = await ask(w.hub, {
      id: 'resume-g',
      action: Action.RESUME,
      target: teamG,
      requestedBy: 'U1',
    });
    expect(result?.status).toBe(CommandStatus.SUCCEEDED);
    await w.settle();
    expect(await replicas(w.driver)).toEqual({ web: 3, api: 1 });
    expect(await reconcilers(w.driver)).toEqual(ORIGINAL);
    expect(w.driver.gitOpsReverts()).toBe(0);
    await eventually(() => {
      const ns = w.hub.namespaces().find((n) => n.name === 'team-g');
      return ns?.pausedReconcilers.length === 0;
    });
  }, 60_000);

  it('with CURFEW_GITOPS=off the same suspend is undone by Argo CD and Flux at once', async () => {
    const w = await world(make, at('19:00'), (d) => gitOpsTeam(d, dueAt19), { gitops: 'off' });
    await eventually(() => kinds(w.hub, 'team-g').includes('suspended'), 15_000);
    await eventually(() => w.driver.gitOpsReverts() >= 2, 15_000);
    await w.settle();
    expect(await replicas(w.driver)).toEqual({ web: 3, api: 1 });
    expect(await reconcilers(w.driver)).toEqual(ORIGINAL);
  }, 60_000);

  it('a person who scales a workload up wakes the namespace: its reconcilers are restored and Git brings the rest back', async () => {
    const w = await world(make, at('19:00'), (d) => gitOpsTeam(d, dueAt19));
    await eventually(() => kinds(w.hub, 'team-g').includes('suspended'), 15_000);
    await w.settle();
    await w.driver.scaleByHand('Deployment', 'team-g', 'web', 2);
    await eventually(async () => (await reconcilers(w.driver)).apps.suspend === undefined, 15_000);
    await w.settle();
    expect(await reconcilers(w.driver)).toEqual(ORIGINAL);
    // Argo CD and Flux now deploy Git's counts again: web back to 3, api to 1.
    await eventually(async () => (await replicas(w.driver)).api === 1, 15_000);
    expect(await replicas(w.driver)).toEqual({ web: 3, api: 1 });
    expect((await w.driver.namespaceAnnotations('team-g'))[ANN.state]).toBe('running');
  }, 60_000);

  it('a suspended namespace deleted while no agent ran: the next agent restores its reconcilers when it starts', async () => {
    const first = await world(make, at('19:00'), (d) => gitOpsTeam(d, dueAt19));
    await eventually(() => kinds(first.hub, 'team-g').includes('suspended'), 15_000);
    await first.settle();
    await first.agent.stop();
    await first.driver.connect().deleteNamespace('team-g');
    await eventually(async () => {
      const names = await first.driver.connect().getNamespace('team-g');
      return names === null;
    }, 15_000);
    expect((await reconcilers(first.driver)).shop.annotations[ANN.pausedByCurfew]).toBe('team-g');
    const next = makeAgent(first.driver.connect(), first.address, first.clock, {
      instanceId: 'agent-b',
    });
    try {
      await next.start();
      await eventually(
        async () => (await reconcilers(first.driver)).apps.suspend === undefined,
        15_000,
      );
      expect(await reconcilers(first.driver)).toEqual(ORIGINAL);
    } finally {
      await next.stop();
    }
  }, 60_000);

  it('an agent killed after any write of a suspend and a resume leaves nothing paused and nothing undone: a fresh agent finishes both', async () => {
    const suspendCommand = {
      id: 'suspend-g',
      action: Action.SUSPEND,
      target: teamG,
      requestedBy: 'U1',
    };
    const resumeCommand = {
      id: 'resume-g',
      action: Action.RESUME,
      target: teamG,
      requestedBy: 'U1',
    };
    const resumed = (run: CrashRun) =>
      run.hub
        .results()
        .some((r) => r.commandId === 'resume-g' && r.status !== CommandStatus.ACCEPTED);
    const { writes } = await atEveryWrite({
      make,
      // Always up: only the commands act.
      prepare: (d) => gitOpsTeam(d, { ...owner, [ANN.uptime]: 'always' }),
      start: at('10:00'),
      act: async (_agent, run, dead) => {
        const done = await ask(run.hub, suspendCommand, dead);
        if (done && !dead()) await ask(run.hub, resumeCommand, dead);
      },
      finish: async (_agent, run) => {
        // The hub re-delivers what it has no final result for: both, in order.
        await ask(run.hub, suspendCommand);
        await ask(run.hub, resumeCommand);
      },
      done: async (run) =>
        resumed(run) && (await run.driver.namespaceAnnotations('team-g'))[ANN.outbox] === undefined,
      check: async (run) => {
        expect(await replicas(run.driver)).toEqual({ web: 3, api: 1 });
        expect(await reconcilers(run.driver)).toEqual(ORIGINAL);
        // The pause always came before the scale, across the crash too.
        expect(run.driver.gitOpsReverts()).toBe(0);
        expect((await run.driver.namespaceAnnotations('team-g'))[ANN.state]).toBe('running');
      },
    });
    // Suspend: `suspending`, the 2 pauses, the 2 scales, `suspended` with its notification owed,
    // the Event, the acknowledged notification removed. Resume: `resuming`, the 2 scales back,
    // the 2 restores, `running` with its report owed, the Event, the report removed.
    expect(writes).toBe(16);
  }, 600_000);
});
