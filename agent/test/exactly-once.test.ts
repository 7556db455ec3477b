/**
 * Exactly once through crashes: each story below is run once per write, with the agent killed
 * right after that write and a fresh agent finishing it on the same cluster while the hub
 * re-delivers what it had sent (support/crash-loop.ts). On the in-memory fake and on kube-sim.
 */
import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { ANNOTATIONS, type AnnotationPatch, EXPIRED_AT_ANNOTATION } from '@curfew/core';
import { Action, CommandStatus, NotificationKind } from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import { ANN } from '../src/annotations.js';
import type { WorkloadPatch } from '../src/kube/types.js';
import type { ClusterDriver } from './support/cluster-driver.js';
import { ask, atEveryWrite, type CrashRun, quiet } from './support/crash-loop.js';
import { crashing } from './support/crashing-kube.js';
import { drivers } from './support/drivers.js';
import { FakeDriver } from './support/fake-driver.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import { managed, ORIGINAL, shape, team } from './support/team.js';
import { eventually } from './support/test-hub.js';

const MINUTE = 60_000;
const teamK = {
  case: 'namespace' as const,
  value: { clusterId: 'test-cluster', namespace: 'team-k' },
};
const cluster = { case: 'clusterId' as const, value: 'test-cluster' };

/** A namespace that is always up: the schedule writes nothing on it. */
const always = { [ANN.owner]: 'dev@example.com', [ANN.uptime]: 'always' };

const delivered = (run: CrashRun, kind: NotificationKind, namespace: string) =>
  run.hub.delivered().filter((n) => n.kind === kind && n.namespace === namespace);

/** The schedule suspends team-k at 19:00 (an agent nobody kills), then it is handed over. */
async function suspendedByTheSchedule(run: CrashRun) {
  const agent = makeAgent(run.driver.connect(), run.address, run.clock, { instanceId: 'agent-0' });
  await agent.start();
  await eventually(async () => {
    const a = await run.driver.namespaceAnnotations('team-k');
    return a[ANN.state] === 'suspended' && a[ANN.outbox] === undefined;
  }, 15_000);
  await quiet(agent);
  await agent.stop();
  await run.clock.advanceTo(at('19:05'), async () => {});
}

describe.each(drivers)('exactly once on a $name', ({ make }) => {
  it('an interrupted resume, finished by a fresh agent, waits for every workload of the namespace and reports it once', async () => {
    const resumeCommand = {
      id: 'resume-1',
      action: Action.RESUME,
      target: teamK,
      requestedBy: 'U1',
    };
    const { writes } = await atEveryWrite({
      make,
      prepare: team,
      start: at('19:00'),
      before: suspendedByTheSchedule,
      act: async (_agent, run, dead) => {
        await ask(run.hub, resumeCommand, dead);
      },
      finish: async (_agent, run) => {
        // The hub re-delivers a command it has no final result for.
        await ask(run.hub, resumeCommand);
        await eventually(
          () => delivered(run, NotificationKind.RESUMED, 'team-k').length > 0,
          15_000,
        );
      },
      done: async (run) =>
        delivered(run, NotificationKind.RESUMED, 'team-k').length > 0 &&
        (await run.driver.namespaceAnnotations('team-k'))[ANN.outbox] === undefined,
      check: async (run) => {
        expect(await shape(run.driver)).toEqual(ORIGINAL);
        const reports = delivered(run, NotificationKind.RESUMED, 'team-k');
        expect(reports.map((n) => n.text)).toEqual([
          'team-k is running again: all 3 workloads ready.',
        ]);
        await eventually(
          async () => (await run.driver.namespaceAnnotations('team-k'))[ANN.outbox] === undefined,
        );
      },
    });
    // `resuming`, 3 workloads, 1 CronJob, `running` with the report owed, the Event, the owed
    // report removed once the hub acknowledged it; and — resumed at 19:05 with an hour to run —
    // the 60-minute reminder recorded with its notification owed, then removed.
    expect(writes).toBe(10);
  }, 300_000);

  it('a support pod start delivered again after a restart and a stop never creates the pod again', async () => {
    const start = {
      id: 'start-1',
      action: Action.SUPPORT_START,
      target: cluster,
      supportName: 'manage1',
      supportSize: 'XS',
      requestedBy: 'U1',
    };
    const stop = {
      id: 'stop-1',
      action: Action.SUPPORT_STOP,
      target: cluster,
      supportName: 'manage1',
      requestedBy: 'U1',
    };
    const { writes } = await atEveryWrite({
      make,
      prepare: async (d) => d.addNamespace('curfew-system'),
      start: at('10:00'),
      act: async (_agent, run, dead) => {
        const started = await ask(run.hub, start, dead);
        if (started && !dead()) await ask(run.hub, stop, dead);
      },
      finish: async (_agent, run) => {
        // Whatever the hub had not heard back about, then the start once more, late.
        await ask(run.hub, start);
        await ask(run.hub, stop);
        const late = await ask(run.hub, start);
        expect(late?.status).toBe(CommandStatus.SUCCEEDED);
      },
      done: async (run) => run.hub.results().some((r) => r.commandId === 'stop-1'),
      check: async (run, { first, second }) => {
        expect(await gone(run, 'curfew-system', 'support-manage1')).toBe(true);
        const creates = [...first, ...second].filter((w) => w.method === 'createPod');
        expect(creates).toHaveLength(1);
        // When the first agent had already stopped the pod, the fresh one (no memory of either
        // command) learns from the cluster that the start was done.
        if (first.some((w) => w.method === 'deletePod')) {
          const answers = run.hub.results().filter((r) => r.commandId === 'start-1');
          expect(answers.at(-1)?.message).toMatch(/^Already done \(command start-1\)/);
        }
      },
    });
    // Create, record the start, delete, record the stop.
    expect(writes).toBe(4);
  }, 300_000);

  it('an EXTEND delivered again after a restart moves each validity once and brings an expired workload back once', async () => {
    const T0 = at('10:00');
    const extend = {
      id: 'extend-1',
      action: Action.EXTEND,
      target: { case: 'sku' as const, value: { skuPrefix: '/t/s', namespace: '' } },
      // Three hours: no expiry warning falls due right after it, so only extending writes.
      duration: durationFromMs(180 * MINUTE),
      requestedBy: 'U1',
    };
    const bomb = (validFor: number, sku: string) => ({
      [ANNOTATIONS.validUntil]: String(T0 / 1000 + validFor),
      [ANNOTATIONS.sku]: sku,
    });
    const { writes } = await atEveryWrite({
      make,
      prepare: async (d) => {
        // Always up: no schedule bookkeeping. Valid for 2 hours: no warning due yet.
        await d.addNamespace('dev', managed, always);
        await d.addWorkload('Deployment', 'dev', 'web', 2, {}, bomb(7200, '/t/s/web'));
        await d.addWorkload(
          'Deployment',
          'dev',
          'old',
          0,
          { [EXPIRED_AT_ANNOTATION]: '2026-11-23T09:00:00Z', [ANN.previousReplicas]: '3' },
          bomb(-3600, '/t/s/old'),
        );
        await d.addPod('dev', 'job', bomb(7200, '/t/s/job'));
      },
      start: T0,
      act: async (_agent, run, dead) => {
        await ask(run.hub, extend, dead);
      },
      finish: async (_agent, run) => {
        // Ten minutes later the hub re-delivers: a second application would show as T0 + 10m + 1h.
        await run.clock.advance(10 * MINUTE, async () => {});
        const result = await ask(run.hub, extend);
        expect(result?.status).toBe(CommandStatus.SUCCEEDED);
        expect(result?.matched.map((m) => m.name).sort()).toEqual(['job', 'old', 'web']);
      },
      done: async (run) => run.hub.results().some((r) => r.commandId === 'extend-1'),
      check: async (run, { first, second }) => {
        const validityWrites = [...first, ...second].filter(
          (w) =>
            (w.method === 'patchWorkload' &&
              (w.args[3] as WorkloadPatch).templateAnnotations !== undefined) ||
            (w.method === 'patchPodAnnotations' &&
              (w.args[2] as AnnotationPatch)[ANNOTATIONS.validUntil] !== undefined),
        );
        const target = (w: (typeof validityWrites)[number]) =>
          String(w.method === 'patchWorkload' ? w.args[2] : w.args[1]);
        expect(validityWrites.map(target).sort()).toEqual(['job', 'old', 'web']);
        const byFirst = new Set(first.filter((w) => validityWrites.includes(w)).map(target));
        const expected = (name: string) =>
          String((byFirst.has(name) ? T0 : T0 + 10 * MINUTE) / 1000 + 3 * 3600);
        for (const name of ['web', 'old']) {
          const template = await run.driver.templateAnnotations('Deployment', 'dev', name);
          expect({ name, until: template[ANNOTATIONS.validUntil] }).toEqual({
            name,
            until: expected(name),
          });
        }
        expect((await run.driver.pod('dev', 'job'))?.[ANNOTATIONS.validUntil]).toBe(
          expected('job'),
        );
        expect(await run.driver.workload('Deployment', 'dev', 'old')).toMatchObject({
          replicas: 3,
        });
        const comebacks = [...first, ...second].filter(
          (w) => w.method === 'scaleWorkload' && w.args[2] === 'old',
        );
        expect(comebacks).toHaveLength(1);
      },
    });
    // Two workloads' validity, the expired one back to its count, the Pod's validity, the Event.
    expect(writes).toBe(5);
  }, 300_000);

  it('a Deployment scaled up by hand after it expired is scaled back keeping its recorded count, reported once, and an extension brings that count back', async () => {
    const validUntil = String(at('09:00') / 1000);
    const { writes } = await atEveryWrite({
      make,
      prepare: async (d) => {
        await d.addNamespace('dev', managed, always);
        await d.addWorkload(
          'Deployment',
          'dev',
          'web',
          0,
          { [EXPIRED_AT_ANNOTATION]: '2026-11-23T09:00:00Z', [ANN.previousReplicas]: '2' },
          { [ANNOTATIONS.validUntil]: validUntil, [ANNOTATIONS.sku]: '/t/s/web' },
        );
        // `kubectl scale --replicas=1` while the webhook was not there to refuse it.
        await d.scaleByHand('Deployment', 'dev', 'web', 1);
      },
      start: at('10:00'),
      act: async () => {},
      finish: async (_agent, run) => {
        await eventually(() => delivered(run, NotificationKind.EXPIRED, 'dev').length > 0, 15_000);
      },
      done: async (run) =>
        delivered(run, NotificationKind.EXPIRED, 'dev').length > 0 &&
        (await run.driver.namespaceAnnotations('dev'))[ANN.outbox] === undefined,
      check: async (run) => {
        expect(await run.driver.workload('Deployment', 'dev', 'web')).toMatchObject({
          replicas: 0,
          annotations: { [ANN.previousReplicas]: '2' },
        });
        const notices = delivered(run, NotificationKind.EXPIRED, 'dev');
        expect(notices).toHaveLength(1);
        expect(notices[0]?.text).toMatch(
          /web had been scaled up by hand after it expired; back at 0, its 2 recorded replicas return/,
        );
        const extended = await ask(run.hub, {
          id: 'extend-web',
          action: Action.EXTEND,
          target: { case: 'sku', value: { skuPrefix: '/t/s/web', namespace: 'dev' } },
          duration: durationFromMs(60 * MINUTE),
          requestedBy: 'U1',
        });
        expect(extended?.status).toBe(CommandStatus.SUCCEEDED);
        expect((await run.driver.workload('Deployment', 'dev', 'web')).replicas).toBe(2);
      },
    });
    // The notification owed, the scale back to 0, the Event, the owed entry removed.
    expect(writes).toBe(4);
  }, 300_000);
});

/** The Pod is gone (or, on a real API server, terminating). */
async function gone(run: CrashRun, namespace: string, name: string): Promise<boolean> {
  const pod = await run.driver.pod(namespace, name);
  return pod === undefined;
}

describe('the readiness report a resume owes', () => {
  it('a fresh agent that finds it owed waits until every workload is ready — also those the first agent restored — or reports at the timeout which are not', async () => {
    for (const becomesReady of [true, false]) {
      const driver = new FakeDriver();
      await team(driver);
      const run = await begin(driver, at('19:00'));
      await suspendedByTheSchedule(run);
      // db's pods will not become ready (ImagePullBackOff, say) until the test says so.
      driver.cluster.notReady.add('team-k/db');
      const doomed = crashing(driver.connect(), 6);
      const first = makeAgent(doomed.kube, run.address, run.clock, { concurrency: 1 });
      await first.start();
      await first.link.whenConnected();
      await ask(
        run.hub,
        { id: 'resume-1', action: Action.RESUME, target: teamK, requestedBy: 'U1' },
        () => doomed.state.dead,
      );
      await eventually(() => doomed.state.dead);
      await first.stop().catch(() => undefined);
      // Killed right after writing `running` with the report owed: everything is restored.
      expect(await shape(driver)).toEqual(ORIGINAL);
      const second = makeAgent(driver.connect(), run.address, run.clock, { instanceId: 'agent-b' });
      await second.start();
      await second.link.whenConnected();
      await quiet(second);
      expect(delivered(run, NotificationKind.RESUMED, 'team-k')).toEqual([]);
      if (becomesReady) {
        driver.cluster.notReady.delete('team-k/db');
        const db = driver.cluster.workload('StatefulSet', 'team-k', 'db');
        if (!db) throw new Error('no db');
        // The StatefulSet controller reports its pods ready: a status write, a new version.
        db.meta = { ...db.meta, resourceVersion: driver.cluster.nextRv() };
        driver.cluster.reconcile(db);
      } else {
        await run.clock.advance(5 * MINUTE, () => quiet(second));
      }
      const [report] = await eventually(() => {
        const reports = delivered(run, NotificationKind.RESUMED, 'team-k');
        return reports.length > 0 && reports;
      });
      expect(report?.text).toBe(
        becomesReady
          ? 'team-k is running again: all 3 workloads ready.'
          : 'team-k resumed, but 1 of 3 workloads is not ready: db (0/2 replicas ready).',
      );
      await second.stop();
      await run.hub.stop();
    }
  });
});

async function begin(driver: ClusterDriver, start: number): Promise<CrashRun> {
  const { hub, address } = await startHub();
  return { driver, hub, address, clock: new ManualClock(start) };
}
