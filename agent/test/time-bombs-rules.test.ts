/**
 * The rules around time bombs that the end-to-end proof (time-bombs.test.ts) does not reach:
 * how expiry meets namespace suspend/resume, owned Pods, restarts and bad EXTEND commands. On the
 * in-memory FakeCluster with a real Agent, a ManualClock and a loopback hub.
 */
import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { ANNOTATIONS, EXPIRED_AT_ANNOTATION } from '@curfew/core';
import { Action, type Command, CommandStatus, NotificationKind } from '@curfew/proto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../src/agent.js';
import { ANN } from '../src/annotations.js';
import { FakeCluster } from './support/fake-cluster.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import { eventually, type TestHub } from './support/test-hub.js';

const MINUTE = 60_000;
const START = at('10:00');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const managed = { [ANN.managed]: 'true' };
/** A pod template whose validity ends `minutes` after START. */
const bomb = (minutes: number, sku = '/tribe/squad/web') => ({
  [ANNOTATIONS.validUntil]: String(START / 1000 + minutes * 60),
  [ANNOTATIONS.sku]: sku,
});
const expiredAt = (minutes: number) =>
  `${new Date(START + minutes * MINUTE).toISOString().slice(0, 19)}Z`;

interface World {
  cluster: FakeCluster;
  clock: ManualClock;
  hub: TestHub;
  address: string;
  agent: Agent;
  start: () => Promise<Agent>;
  command: (init: Parameters<TestHub['command']>[0]) => Promise<ReturnType<TestHub['results']>[0]>;
  advance: (ms: number) => Promise<void>;
}

async function world(setup: (cluster: FakeCluster) => void): Promise<World> {
  const cluster = new FakeCluster();
  setup(cluster);
  const clock = new ManualClock(START);
  const { hub, address } = await startHub();
  cleanups.push(() => hub.stop());
  const w: World = {
    cluster,
    clock,
    hub,
    address,
    agent: undefined as unknown as Agent,
    async start() {
      const agent = makeAgent(cluster.connect(), address, clock);
      cleanups.push(() => agent.stop());
      await agent.start();
      await agent.link.whenConnected();
      await agent.reconciler.idle();
      w.agent = agent;
      return agent;
    },
    async command(init) {
      const sent: Command = hub.command(init);
      return eventually(() =>
        hub.results().find((r) => r.commandId === sent.id && r.status !== CommandStatus.ACCEPTED),
      );
    },
    async advance(ms) {
      await clock.advance(ms, async () => {
        for (let i = 0; i < 3; i += 1) {
          await new Promise((r) => setImmediate(r));
          await w.agent.reconciler.idle();
        }
      });
    },
  };
  await w.start();
  return w;
}

const extend = (prefix: string, namespace = '') => ({
  action: Action.EXTEND,
  target: { case: 'sku' as const, value: { skuPrefix: prefix, namespace } },
  duration: durationFromMs(60 * MINUTE),
  requestedBy: 'U1',
});

describe('time bombs and the rest of the agent', () => {
  it('a namespace resume leaves an expired workload at 0, and an extension then brings it back', async () => {
    const w = await world((c) => {
      c.addNamespace('dev', managed);
      c.addWorkload('Deployment', 'dev', 'web', 3, { templateAnnotations: bomb(1) });
      c.addWorkload('Deployment', 'dev', 'api', 2);
    });
    await w.advance(MINUTE);
    expect(w.cluster.workload('Deployment', 'dev', 'web')).toMatchObject({ replicas: 0 });
    const ns = { case: 'namespace' as const, value: { namespace: 'dev' } };
    await w.command({ id: 'suspend', action: Action.SUSPEND, target: ns });
    await w.command({ id: 'resume', action: Action.RESUME, target: ns });
    expect(w.cluster.workload('Deployment', 'dev', 'api')?.replicas).toBe(2);
    // Not started and expired again: the resume never touched it.
    const resumed = w.cluster.events.find((e) => e.reason === 'CurfewResumed');
    expect(resumed?.message).toMatch(/^Resumed by hub: 1 workload restored/);
    const web = w.cluster.workload('Deployment', 'dev', 'web');
    expect(web?.replicas).toBe(0);
    expect(web?.meta.annotations).toMatchObject({
      [ANNOTATIONS.previousReplicas]: '3',
      [EXPIRED_AT_ANNOTATION]: expiredAt(1),
    });
    const result = await w.command({ id: 'extend', ...extend('/tribe') });
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    expect(w.cluster.workload('Deployment', 'dev', 'web')?.replicas).toBe(3);
  });

  it('extending in a suspended namespace drops the expiry but leaves the replicas for the namespace resume', async () => {
    const w = await world((c) => {
      c.addNamespace('dev', managed);
      c.addWorkload('Deployment', 'dev', 'web', 2, { templateAnnotations: bomb(1) });
    });
    const ns = { case: 'namespace' as const, value: { namespace: 'dev' } };
    await w.command({ id: 'suspend', action: Action.SUSPEND, target: ns });
    await w.advance(MINUTE);
    const expired = w.cluster.workload('Deployment', 'dev', 'web');
    expect(expired?.meta.annotations).toMatchObject({
      [ANNOTATIONS.previousReplicas]: '2',
      [EXPIRED_AT_ANNOTATION]: expiredAt(1),
    });
    const result = await w.command({ id: 'extend', ...extend('/tribe/squad/web') });
    expect(result.message).toMatch(/^1 workload in 1 namespace/);
    const extended = w.cluster.workload('Deployment', 'dev', 'web');
    expect(extended?.replicas).toBe(0);
    expect(extended?.meta.annotations[EXPIRED_AT_ANNOTATION]).toBeUndefined();
    await w.command({ id: 'resume', action: Action.RESUME, target: ns });
    expect(w.cluster.workload('Deployment', 'dev', 'web')?.replicas).toBe(2);
  });

  it('Pods with an owner are left to their workload, and excluded workloads and system namespaces are never expired', async () => {
    const w = await world((c) => {
      c.addNamespace('dev', managed);
      c.addNamespace('kube-system');
      c.addWorkload('Deployment', 'dev', 'web', 2, { templateAnnotations: bomb(1) });
      c.addWorkload('Deployment', 'dev', 'pinned', 1, {
        templateAnnotations: bomb(1),
        annotations: { [ANNOTATIONS.exclude]: 'true' },
      });
      c.addWorkload('Deployment', 'kube-system', 'dns', 2, { templateAnnotations: bomb(1) });
    });
    const kube = w.agent.ctx.kube as ReturnType<FakeCluster['connect']>;
    await w.advance(2 * MINUTE);
    expect(w.cluster.workload('Deployment', 'dev', 'web')?.replicas).toBe(0);
    expect(w.cluster.workload('Deployment', 'dev', 'pinned')?.replicas).toBe(1);
    expect(w.cluster.workload('Deployment', 'kube-system', 'dns')?.replicas).toBe(2);
    expect(kube.requests.filter((r) => r.resource === 'pods' && r.verb === 'delete')).toEqual([]);
  });

  it('an expired workload given a new validity by hand (the kubectl advice) comes back to its replicas', async () => {
    const w = await world((c) => {
      c.addNamespace('dev', managed);
      c.addWorkload('Deployment', 'dev', 'web', 2, { templateAnnotations: bomb(1) });
    });
    await w.advance(MINUTE);
    expect(w.cluster.workload('Deployment', 'dev', 'web')?.replicas).toBe(0);
    // What `kubectl patch` with a new timer leaves after the mutating webhook stamped it.
    await w.cluster.connect().patchWorkload('Deployment', 'dev', 'web', {
      templateAnnotations: { [ANNOTATIONS.timer]: '1h', ...bomb(61) },
    });
    await eventually(() => w.cluster.workload('Deployment', 'dev', 'web')?.replicas === 2);
    const web = w.cluster.workload('Deployment', 'dev', 'web');
    expect(web?.meta.annotations[EXPIRED_AT_ANNOTATION]).toBeUndefined();
    expect(web?.meta.annotations[ANNOTATIONS.previousReplicas]).toBeUndefined();
    expect(w.cluster.events.map((e) => e.reason)).toContain('CurfewRevived');
  });

  it('a bare Pod that could not be deleted is tried again 30 seconds later', async () => {
    const w = await world((c) => {
      c.addNamespace('dev', managed);
      c.addPod('dev', 'job', bomb(1, '/tribe/squad/job'));
    });
    const kube = w.agent.ctx.kube as ReturnType<FakeCluster['connect']>;
    kube.failNext('deletePod', 403);
    await w.advance(MINUTE);
    expect(w.cluster.pods.has('dev/Pod/job')).toBe(true);
    // The EXPIRED notification is owed (written) before the delete, and that write comes back
    // as a change: still one attempt, then quiet until the retry — no hot loop.
    const deletes = () => kube.requests.filter((r) => r.verb === 'delete' && r.resource === 'pods');
    expect(deletes()).toHaveLength(1);
    await w.advance(30_000);
    expect(w.cluster.pods.has('dev/Pod/job')).toBe(false);
    expect(w.cluster.events.map((e) => e.reason)).toContain('CurfewExpired');
  });

  it('a restarted agent does not warn again for the same validity, and expires exactly on time', async () => {
    const w = await world((c) => {
      c.addNamespace('dev', managed);
      c.addWorkload('StatefulSet', 'dev', 'db', 1, { templateAnnotations: bomb(90) });
    });
    const warnings = () =>
      w.hub.notifications().filter((n) => n.kind === NotificationKind.EXPIRY_WARNING);
    await w.advance(30 * MINUTE);
    await eventually(() => warnings().length === 1);
    await w.agent.stop();
    await w.start();
    expect(w.agent.reconciler.nextCheckOf('dev')).toBe(START + 75 * MINUTE);
    await w.advance(45 * MINUTE);
    await eventually(() => warnings().length === 2);
    expect(warnings().map((n) => n.minutesBefore)).toEqual([60, 15]);
    await w.advance(15 * MINUTE - 1);
    expect(w.cluster.workload('StatefulSet', 'dev', 'db')?.replicas).toBe(1);
    await w.advance(1);
    expect(w.cluster.workload('StatefulSet', 'dev', 'db')?.replicas).toBe(0);
  });

  it.each([
    {
      name: 'an extension of a namespace target is rejected with what it needs',
      init: {
        action: Action.EXTEND,
        target: { case: 'namespace' as const, value: { namespace: 'dev' } },
        duration: durationFromMs(MINUTE),
      },
      message: 'EXTEND needs an SKU target, e.g. /tribe/squad',
    },
    {
      name: 'an extension without a duration is rejected',
      init: { ...extend('/tribe'), duration: undefined },
      message: 'an extension needs a positive duration, e.g. 1h',
    },
    {
      name: 'an extension for another cluster is rejected',
      init: {
        ...extend('/tribe'),
        target: { case: 'sku' as const, value: { clusterId: 'other', skuPrefix: '/tribe' } },
      },
      message: 'this agent serves cluster test-cluster, not other',
    },
    {
      name: 'an extension limited to a namespace that does not exist is rejected',
      init: extend('/tribe', 'nowhere'),
      message: 'namespace nowhere does not exist in cluster test-cluster',
    },
  ])('$name', async ({ init, message }) => {
    const w = await world((c) => {
      c.addNamespace('dev', managed);
    });
    const result = await w.command({ id: 'bad', ...init });
    expect(result.status).toBe(CommandStatus.REJECTED);
    expect(result.message).toBe(message);
  });

  it('a workload with an SKU but no time bomb is not extended, and a bare Pod gets the new validity on its own annotations', async () => {
    const w = await world((c) => {
      c.addNamespace('dev', managed);
      c.addWorkload('Deployment', 'dev', 'labelled', 1, {
        templateAnnotations: { [ANNOTATIONS.sku]: '/tribe/squad/x' },
      });
      c.addPod('dev', 'job', bomb(30, '/tribe/squad/job'));
    });
    const result = await w.command({ id: 'extend', ...extend('/tribe') });
    expect(result.message).toBe('1 workload in 1 namespace under /tribe extended by 1h.');
    const until = START / 1000 + 3600;
    expect(result.matched.map((m) => [m.kind, m.name, Number(m.validUntil?.seconds)])).toEqual([
      ['Pod', 'job', until],
    ]);
    expect(w.cluster.pods.get('dev/Pod/job')?.meta.annotations).toMatchObject({
      [ANNOTATIONS.validUntil]: String(until),
      [ANNOTATIONS.sku]: '/tribe/squad/job',
    });
    // No timer is written: the object had none, and an extension never writes one.
    expect(w.cluster.pods.get('dev/Pod/job')?.meta.annotations[ANNOTATIONS.timer]).toBeUndefined();
    expect(w.cluster.workload('Deployment', 'dev', 'labelled')?.templateAnnotations).toEqual({
      [ANNOTATIONS.sku]: '/tribe/squad/x',
    });
    // The bare Pod now expires at the new validity, not at the old one (+30m).
    await w.advance(31 * MINUTE);
    expect(w.cluster.pods.has('dev/Pod/job')).toBe(true);
    await w.advance(30 * MINUTE);
    await eventually(() => !w.cluster.pods.has('dev/Pod/job'));
  });
});
