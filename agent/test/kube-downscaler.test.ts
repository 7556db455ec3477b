import { DOWNSCALER_ANNOTATIONS as DS } from '@curfew/core';
import { describe, expect, it } from 'vitest';
import { ANN } from '../src/annotations.js';
import { drivers } from './support/drivers.js';
import { at } from './support/harness.js';
import { eventually } from './support/test-hub.js';
import { kinds, managed, owner, worldsStoppedAfterEach } from './support/world.js';

/**
 * A cluster migrating from kube-downscaler keeps its annotations and they mean what they meant
 * (packages/core/README.md "kube-downscaler → Curfew"), on the fake cluster and on kube-sim.
 * The cluster default is Mon-Fri 08:00-19:00 UTC; the day is Monday 2026-11-23.
 */
const world = worldsStoppedAfterEach();

describe.each(drivers)('kube-downscaler annotations on a $name', ({ make }) => {
  it('a namespace annotated downscaler/uptime is reminded and suspended at the end of that window', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('dsu', managed, { ...owner, [DS.uptime]: 'Mon-Fri 08:00-17:00 UTC' });
      await d.addWorkload('Deployment', 'dsu', 'web', 2);
    });
    expect(w.agent.reconciler.nextCheckOf('dsu')).toBe(at('16:00'));
    await w.clock.advanceTo(at('16:59'), w.settle);
    expect((await w.driver.workload('Deployment', 'dsu', 'web')).replicas).toBe(2);
    await w.clock.advanceTo(at('17:00'), w.settle);
    await eventually(() => kinds(w.hub, 'dsu').includes('suspended'));
    expect(kinds(w.hub, 'dsu')).toEqual(['reminder 60', 'reminder 30', 'reminder 15', 'suspended']);
    expect(await w.driver.workload('Deployment', 'dsu', 'web')).toMatchObject({
      replicas: 0,
      annotations: { [ANN.previousReplicas]: '2' },
    });
  });

  it('downscaler/downtime on a namespace cuts the cluster default short', async () => {
    const w = await world(make, at('10:00'), async (d) => {
      await d.addNamespace('dsd', managed, { ...owner, [DS.downtime]: 'Mon-Fri 12:00-24:00 UTC' });
      await d.addWorkload('Deployment', 'dsd', 'web', 1);
    });
    expect(w.agent.reconciler.nextCheckOf('dsd')).toBe(at('11:00'));
    await w.clock.advanceTo(at('12:00'), w.settle);
    await eventually(() => kinds(w.hub, 'dsd').includes('suspended'));
    expect((await w.driver.workload('Deployment', 'dsd', 'web')).replicas).toBe(0);
    const summary = w.hub
      .snapshots()
      .flatMap((s) => s.namespaces)
      .find((n) => n.name === 'dsd');
    expect(summary?.uptime).toBe('Mon-Fri 08:00-19:00 UTC except Mon-Fri 12:00-24:00 UTC');
  });

  it('in an opt-out cluster a namespace annotated downscaler/exclude is never touched', async () => {
    const w = await world(
      make,
      at('18:30'),
      async (d) => {
        await d.addNamespace('dsx', {}, { ...owner, [DS.exclude]: 'true' });
        await d.addWorkload('Deployment', 'dsx', 'web', 1);
        await d.addNamespace('plain', {}, owner);
        await d.addWorkload('Deployment', 'plain', 'web', 1);
      },
      { mode: 'opt-out' },
    );
    await w.clock.advanceTo(at('19:00'), w.settle);
    await eventually(() => kinds(w.hub, 'plain').includes('suspended'));
    expect((await w.driver.workload('Deployment', 'plain', 'web')).replicas).toBe(0);
    expect((await w.driver.workload('Deployment', 'dsx', 'web')).replicas).toBe(1);
    expect(kinds(w.hub, 'dsx')).toEqual([]);
    expect(await w.driver.namespaceAnnotations('dsx')).not.toHaveProperty(ANN.state);
  });

  it('workloads kube-downscaler excludes or keeps always up keep running when their namespace is suspended', async () => {
    const w = await world(make, at('18:30'), async (d) => {
      await d.addNamespace('dsw', managed, owner);
      await d.addWorkload('Deployment', 'dsw', 'web', 2);
      await d.addWorkload('Deployment', 'dsw', 'keep', 1, { [DS.exclude]: 'true' });
      await d.addWorkload('StatefulSet', 'dsw', 'db', 1, { [DS.uptime]: 'always' });
    });
    await w.clock.advanceTo(at('19:00'), w.settle);
    await eventually(() => kinds(w.hub, 'dsw').includes('suspended'));
    expect((await w.driver.workload('Deployment', 'dsw', 'web')).replicas).toBe(0);
    expect(await w.driver.workload('Deployment', 'dsw', 'keep')).toMatchObject({ replicas: 1 });
    expect((await w.driver.workload('Deployment', 'dsw', 'keep')).annotations).not.toHaveProperty(
      ANN.previousReplicas,
    );
    expect((await w.driver.workload('StatefulSet', 'dsw', 'db')).replicas).toBe(1);
    // The kept workloads do not read as "woken by hand" afterwards.
    await w.clock.advanceTo(at('19:30'), w.settle);
    expect((await w.driver.namespaceAnnotations('dsw'))[ANN.state]).toBe('suspended');
  });

  it('workloads on different kube-downscaler schedules leave the namespace alone and the hub is told why', async () => {
    const w = await world(make, at('18:30'), async (d) => {
      await d.addNamespace('dsc', managed, owner);
      await d.addWorkload('Deployment', 'dsc', 'web', 1, {
        [DS.uptime]: 'Mon-Fri 08:00-21:00 UTC',
      });
      await d.addWorkload('Deployment', 'dsc', 'api', 1);
    });
    await w.clock.advanceTo(at('19:30'), w.settle);
    expect((await w.driver.workload('Deployment', 'dsc', 'web')).replicas).toBe(1);
    expect((await w.driver.workload('Deployment', 'dsc', 'api')).replicas).toBe(1);
    expect(kinds(w.hub, 'dsc')).toEqual([]);
    const summary = await eventually(() =>
      w.hub
        .snapshots()
        .flatMap((s) => s.namespaces)
        .find((n) => n.name === 'dsc' && n.problem !== ''),
    );
    expect(summary.problem).toContain(
      "Deployment/web: 'Mon-Fri 08:00-21:00 UTC'; Deployment/api (the namespace's): 'Mon-Fri 08:00-19:00 UTC'",
    );
  });
});
