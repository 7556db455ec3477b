import { ManualClock } from '@curfew/test-support';
import { describe, expect, it } from 'vitest';
import { createLimiter } from '../src/executor/limiter.js';
import {
  planCronJobResume,
  planCronJobSuspend,
  planScaledObjectPause,
  planScaledObjectResume,
  planWorkloadResume,
  planWorkloadSuspend,
} from '../src/executor/plan.js';
import { bytes, cpuMillis } from '../src/kube/quantity.js';
import type { Meta, WorkloadObject } from '../src/kube/types.js';
import { TimerQueue } from '../src/scheduler/timer-queue.js';

const meta = (annotations: Record<string, string> = {}): Meta => ({
  name: 'web',
  namespace: 'team',
  labels: {},
  annotations,
  resourceVersion: '7',
  deleting: false,
});
const workload = (replicas: number, annotations: Record<string, string> = {}): WorkloadObject => ({
  kind: 'Deployment',
  meta: meta(annotations),
  replicas,
  readyReplicas: replicas,
});

describe('per-object plans', () => {
  it.each([
    {
      name: 'a running workload is scaled to 0 with its count recorded in the same patch',
      w: workload(3),
      expected: {
        replicas: 0,
        annotations: { 'curfew.dev/previous-replicas': '3' },
        resourceVersion: '7',
      },
    },
    {
      name: 'a workload already at 0 is left alone, keeping its record',
      w: workload(0, { 'curfew.dev/previous-replicas': '4' }),
      expected: null,
    },
    { name: 'a workload that was at 0 before gets no record', w: workload(0), expected: null },
    {
      name: 'an excluded workload is never touched',
      w: workload(2, { 'curfew.dev/exclude': 'true' }),
      expected: null,
    },
  ])('suspend: $name', ({ w, expected }) => {
    expect(planWorkloadSuspend(w)).toEqual(expected);
  });

  it.each([
    {
      name: 'a recorded count is restored and the record removed',
      w: workload(0, { 'curfew.dev/previous-replicas': '4' }),
      expected: {
        replicas: 4,
        annotations: { 'curfew.dev/previous-replicas': null },
        resourceVersion: '7',
      },
    },
    { name: 'a workload without a record is not touched', w: workload(0), expected: null },
    {
      name: 'a garbled record is dropped without changing replicas',
      w: workload(2, { 'curfew.dev/previous-replicas': 'lots' }),
      expected: {
        replicas: 2,
        annotations: { 'curfew.dev/previous-replicas': null },
        resourceVersion: '7',
      },
    },
  ])('resume: $name', ({ w, expected }) => {
    expect(planWorkloadResume(w)).toEqual(expected);
  });

  it('a CronJob keeps the suspend value it had before Curfew', () => {
    const active = { kind: 'CronJob' as const, meta: meta(), suspend: false };
    const plan = planCronJobSuspend(active);
    expect(plan?.annotations).toEqual({ 'curfew.dev/previous-suspend': 'false' });
    expect(planCronJobSuspend({ ...active, suspend: true })).toBeNull();
    const suspended = {
      ...active,
      suspend: true,
      meta: meta({ 'curfew.dev/previous-suspend': 'false' }),
    };
    expect(planCronJobResume(suspended)).toMatchObject({ suspend: false });
  });
});

describe('KEDA pause plans', () => {
  const so = (annotations: Record<string, string>) => ({
    namespace: 'team',
    name: 'scaler',
    annotations,
    resourceVersion: '3',
  });
  it.each([
    {
      name: 'an active ScaledObject is paused and remembers it had no pause annotation',
      annotations: {},
      pause: { 'autoscaling.keda.sh/paused': 'true', 'curfew.dev/previous-paused': 'absent' },
      resumeAfter: { 'autoscaling.keda.sh/paused': null, 'curfew.dev/previous-paused': null },
    },
    {
      name: 'an explicitly unpaused ScaledObject gets its false back',
      annotations: { 'autoscaling.keda.sh/paused': 'false' },
      pause: { 'autoscaling.keda.sh/paused': 'true', 'curfew.dev/previous-paused': 'false' },
      resumeAfter: { 'autoscaling.keda.sh/paused': 'false', 'curfew.dev/previous-paused': null },
    },
    {
      name: 'a ScaledObject someone paused is left paused',
      annotations: { 'autoscaling.keda.sh/paused': 'true' },
      pause: null,
      resumeAfter: null,
    },
  ])('$name', ({ annotations, pause, resumeAfter }) => {
    expect(planScaledObjectPause(so(annotations as Record<string, string>))).toEqual(pause);
    const paused = { ...annotations, ...(pause ?? {}) } as Record<string, string>;
    expect(planScaledObjectResume(so(paused))).toEqual(resumeAfter);
  });
});

describe('the timer queue', () => {
  it('arms one clock timer for many namespaces and fires each exactly when due', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    const queue = new TimerQueue(clock, (keys) =>
      fired.push(...keys.map((k) => `${k}@${clock.now()}`)),
    );
    for (let i = 0; i < 100; i += 1) queue.set(`ns-${i}`, 1_000 * (i + 1));
    expect(clock.armed).toBe(1);
    queue.set('ns-0', null);
    await clock.advanceTo(2_500);
    expect(fired).toEqual(['ns-1@2000']);
    expect(clock.armed).toBe(1);
    queue.set('ns-5', 2_600);
    await clock.advanceTo(3_000);
    expect(fired).toEqual(['ns-1@2000', 'ns-5@2600', 'ns-2@3000']);
  });
});

describe('the concurrency limiter', () => {
  it('never runs more than its limit at once', async () => {
    const limiter = createLimiter(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 1));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});

describe('resource quantities', () => {
  it.each([
    { name: 'millicores', text: '250m', cpu: 250 },
    { name: 'whole cores', text: '2', cpu: 2000 },
    { name: 'fractional cores', text: '0.5', cpu: 500 },
  ])('CPU in $name', ({ text, cpu }) => {
    expect(cpuMillis(text)).toBe(cpu);
  });

  it.each([
    { name: 'binary suffixes', text: '128Mi', value: 128 * 2 ** 20 },
    { name: 'decimal suffixes', text: '1G', value: 1e9 },
    { name: 'exponents', text: '1e3', value: 1000 },
    { name: 'garbage as zero rather than a crash', text: 'lots', value: 0 },
  ])('memory with $name', ({ text, value }) => {
    expect(bytes(text)).toBe(value);
  });
});
