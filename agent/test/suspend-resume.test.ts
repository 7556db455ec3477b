import type { ActionCause } from '@curfew/core';
import { describe, expect, it } from 'vitest';
import { type ActionContext, resume, suspend } from '../src/actions/index.js';
import { ANN } from '../src/annotations.js';
import { FakeCluster } from './support/fake-cluster.js';
import { actionEnv, fakeContext, settle } from './support/fake-context.js';
import { CrashedError } from './support/fake-kube.js';

const schedule: ActionCause = { kind: 'schedule', reason: 'end of uptime' };
const person: ActionCause = { kind: 'command', commandId: 'c1', actor: 'U1' };
const suspendNamespace = (ctx: ActionContext, cause: ActionCause = schedule) =>
  suspend(actionEnv(ctx).env, 'team-a', cause);
const resumeNamespace = (ctx: ActionContext, cause: ActionCause = person) =>
  resume(actionEnv(ctx).env, 'team-a', cause);

function team() {
  const cluster = new FakeCluster();
  cluster.addNamespace('team-a', { [ANN.managed]: 'true' });
  cluster.addWorkload('Deployment', 'team-a', 'web', 3);
  cluster.addWorkload('Deployment', 'team-a', 'worker', 1);
  cluster.addWorkload('Deployment', 'team-a', 'idle', 0);
  cluster.addWorkload('StatefulSet', 'team-a', 'db', 2);
  cluster.addWorkload('Deployment', 'team-a', 'pinned', 2, {
    annotations: { [ANN.exclude]: 'true' },
  });
  cluster.addCronJob('team-a', 'nightly', false);
  cluster.addCronJob('team-a', 'paused', true);
  return cluster;
}

function shape(cluster: FakeCluster) {
  return {
    replicas: Object.fromEntries(
      [...cluster.workloads.values()].map((w) => [`${w.kind}/${w.meta.name}`, w.replicas]),
    ),
    cronJobs: Object.fromEntries(
      [...cluster.cronJobs.values()].map((c) => [c.meta.name, c.suspend]),
    ),
  };
}

const original = {
  replicas: {
    'Deployment/web': 3,
    'Deployment/worker': 1,
    'Deployment/idle': 0,
    'StatefulSet/db': 2,
    'Deployment/pinned': 2,
  },
  cronJobs: { nightly: false, paused: true },
};

describe('suspend and resume of one namespace', () => {
  it('scales workloads to 0 recording previous-replicas in the same patch, and resume restores them exactly', async () => {
    const cluster = team();
    const ctx = await fakeContext(cluster);
    const report = await suspendNamespace(ctx, person);
    expect(report).toMatchObject({ workloadsChanged: 3, cronJobsChanged: 1 });
    expect(shape(cluster)).toEqual({
      replicas: {
        ...original.replicas,
        'Deployment/web': 0,
        'Deployment/worker': 0,
        'StatefulSet/db': 0,
      },
      cronJobs: { nightly: true, paused: true },
    });
    expect(
      cluster.workload('Deployment', 'team-a', 'web')?.meta.annotations[ANN.previousReplicas],
    ).toBe('3');
    expect(cluster.workload('Deployment', 'team-a', 'idle')?.meta.annotations).not.toHaveProperty(
      ANN.previousReplicas,
    );
    const scalePatches = ctx.kube.requests.filter(
      (r) => r.verb === 'patch' && r.resource !== 'namespaces',
    );
    expect(scalePatches).toHaveLength(4);
    expect(cluster.namespaces.get('team-a')?.meta.annotations[ANN.state]).toBe('suspended');

    await settle();
    await resumeNamespace(ctx);
    expect(shape(cluster)).toEqual(original);
    expect(cluster.workload('Deployment', 'team-a', 'web')?.meta.annotations).not.toHaveProperty(
      ANN.previousReplicas,
    );
    expect(cluster.namespaces.get('team-a')?.meta.annotations[ANN.state]).toBe('running');
    expect(cluster.events.map((e) => e.reason)).toEqual(['CurfewSuspended', 'CurfewResumed']);
  });

  it('a repeated suspend changes nothing and never overwrites a record with 0', async () => {
    const cluster = team();
    const ctx = await fakeContext(cluster);
    await suspendNamespace(ctx);
    await settle();
    const again = await suspendNamespace(ctx);
    expect(again).toMatchObject({ workloadsChanged: 0, cronJobsChanged: 0 });
    expect(
      cluster.workload('StatefulSet', 'team-a', 'db')?.meta.annotations[ANN.previousReplicas],
    ).toBe('2');
    expect(
      cluster.cronJobs.get('team-a/CronJob/nightly')?.meta.annotations[ANN.previousSuspend],
    ).toBe('false');
  });

  it('a stale informer copy leads to a 409, a re-read and the right record', async () => {
    const cluster = team();
    const ctx = await fakeContext(cluster);
    // Someone scales web to 5 and the agent acts before its watch delivers the change.
    cluster.scaleByHand('Deployment', 'team-a', 'web', 5);
    await suspendNamespace(ctx);
    expect(
      cluster.workload('Deployment', 'team-a', 'web')?.meta.annotations[ANN.previousReplicas],
    ).toBe('5');
  });

  it.each([
    { name: 'a 429 from the API server is retried', status: 429 },
    { name: 'a 500 from the API server is retried', status: 500 },
    { name: 'a 409 conflict is retried after a re-read', status: 409 },
  ])('$name', async ({ status }) => {
    const cluster = team();
    const ctx = await fakeContext(cluster);
    ctx.kube.failNext('scaleWorkload', status, 2);
    await suspendNamespace(ctx);
    expect(cluster.workload('Deployment', 'team-a', 'web')?.replicas).toBe(0);
    expect(cluster.workload('StatefulSet', 'team-a', 'db')?.replicas).toBe(0);
  });

  it('a 403 is not retried and fails the action', async () => {
    const cluster = team();
    const ctx = await fakeContext(cluster);
    ctx.kube.failNext('scaleWorkload', 403, 1);
    await expect(suspendNamespace(ctx)).rejects.toThrow(/403/);
  });
});

describe('an agent killed between any two requests loses nothing', () => {
  // Count the writes of an undisturbed suspend + resume, then crash after each of them.
  const total = (() => {
    let writes = 0;
    return async () => {
      if (writes) return writes;
      const cluster = team();
      const ctx = await fakeContext(cluster);
      await suspendNamespace(ctx);
      await settle();
      await resumeNamespace(ctx);
      writes = ctx.kube.requests.filter(
        (r) => r.verb !== 'get' && r.verb !== 'list' && r.verb !== 'watch',
      ).length;
      return writes;
    };
  })();

  it('crashing after every write of suspend then resume, a fresh agent restores the exact original state', async () => {
    const writes = await total();
    expect(writes).toBeGreaterThan(8);
    for (let crashAfter = 1; crashAfter < writes; crashAfter += 1) {
      const cluster = team();
      const first = await fakeContext(cluster);
      first.kube.crashAfterWrites(crashAfter);
      const run = async () => {
        await suspendNamespace(first);
        await settle();
        await resumeNamespace(first);
      };
      await run().catch((error) => {
        if (!(error instanceof CrashedError)) throw error;
      });
      await first.stop();
      // A fresh agent finds whatever state the crash left and completes a suspend + resume.
      const second = await fakeContext(cluster);
      await suspendNamespace(second);
      await settle();
      await resumeNamespace(second);
      expect({ crashAfter, ...shape(cluster) }).toEqual({ crashAfter, ...original });
      await second.stop();
    }
  });
});
