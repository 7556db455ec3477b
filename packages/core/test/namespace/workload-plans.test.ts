import { describe, expect, it } from 'vitest';
import {
  ANNOTATIONS as A,
  EXPIRED_AT_ANNOTATION,
  KEDA_PAUSED_ANNOTATION,
} from '../../src/common/annotations.js';
import {
  type CronJobObservation,
  planCronJobResume,
  planCronJobSuspend,
  planScaledObjectPause,
  planScaledObjectResume,
  planWorkloadResume,
  planWorkloadSuspend,
  type ScalableObservation,
} from '../../src/namespace/workload-plans.js';

const workload = (
  replicas: number,
  annotations: Record<string, string> = {},
): ScalableObservation => ({
  kind: 'Deployment',
  name: 'web',
  namespace: 'team',
  annotations,
  replicas,
});

describe('suspending one workload', () => {
  it.each([
    {
      name: 'a running workload is scaled to 0 with its count recorded in the same patch',
      w: workload(3),
      resuspend: false,
      expected: { replicas: 0, annotations: { [A.previousReplicas]: '3' } },
    },
    {
      name: 'a workload already at 0 is left alone, keeping its record',
      w: workload(0, { [A.previousReplicas]: '4' }),
      resuspend: true,
      expected: null,
    },
    {
      name: 'a workload that was at 0 before gets no record',
      w: workload(0),
      resuspend: false,
      expected: null,
    },
    {
      name: 'an excluded workload is never touched',
      w: workload(2, { [A.exclude]: 'true' }),
      resuspend: false,
      expected: null,
    },
    {
      name: 'a workload kube-downscaler excludes is never touched either',
      w: workload(2, { 'downscaler/exclude': 'true' }),
      resuspend: false,
      expected: null,
    },
    {
      name: 'a re-suspend keeps the count recorded first when someone scaled the workload up in between',
      w: workload(1, { [A.previousReplicas]: '2' }),
      resuspend: true,
      expected: { replicas: 0, annotations: {}, keptRecord: 2 },
    },
    {
      name: 'a re-suspend records the current count when the earlier record is not a number',
      w: workload(1, { [A.previousReplicas]: 'two' }),
      resuspend: true,
      expected: { replicas: 0, annotations: { [A.previousReplicas]: '1' } },
    },
    {
      name: 'a suspend of a running namespace records what runs now, replacing a record left from an earlier cycle',
      w: workload(1, { [A.previousReplicas]: '2' }),
      resuspend: false,
      expected: { replicas: 0, annotations: { [A.previousReplicas]: '1' } },
    },
  ])('$name', ({ w, resuspend, expected }) => {
    expect(planWorkloadSuspend(w, resuspend)).toEqual(expected);
  });
});

describe('resuming one workload', () => {
  it.each([
    {
      name: 'a recorded count is restored and the record removed',
      w: workload(0, { [A.previousReplicas]: '4' }),
      expected: { replicas: 4, annotations: { [A.previousReplicas]: null } },
    },
    { name: 'a workload without a record is not touched', w: workload(0), expected: null },
    {
      name: 'a garbled record is dropped without changing replicas',
      w: workload(2, { [A.previousReplicas]: 'lots' }),
      expected: { replicas: 2, annotations: { [A.previousReplicas]: null } },
    },
    {
      name: 'an expired workload stays at 0 with its record: only an extension defuses a time bomb',
      w: workload(0, {
        [A.previousReplicas]: '4',
        [EXPIRED_AT_ANNOTATION]: '2026-11-04T12:00:00Z',
      }),
      expected: null,
    },
    {
      name: 'an excluded workload is never touched',
      w: workload(0, { [A.previousReplicas]: '4', [A.exclude]: 'true' }),
      expected: null,
    },
  ])('$name', ({ w, expected }) => {
    expect(planWorkloadResume(w)).toEqual(expected);
  });
});

type CronJobCase = {
  name: string;
  cronJob: CronJobObservation;
  suspend?: unknown;
  resume?: unknown;
};

describe('CronJobs', () => {
  it.each<CronJobCase>([
    {
      name: 'an active CronJob is suspended remembering it was active',
      cronJob: { annotations: {}, suspend: false },
      suspend: { suspend: true, annotations: { [A.previousSuspend]: 'false' } },
    },
    {
      name: 'a CronJob someone suspended is left as it is',
      cronJob: { annotations: {}, suspend: true },
      suspend: null,
    },
    {
      name: 'an excluded CronJob is never touched',
      cronJob: { annotations: { [A.exclude]: 'true' }, suspend: false },
      suspend: null,
    },
  ])('$name', ({ cronJob, suspend }) => {
    expect(planCronJobSuspend(cronJob)).toEqual(suspend);
  });

  it.each<CronJobCase>([
    {
      name: 'a CronJob gets back the suspend value it had before Curfew',
      cronJob: { annotations: { [A.previousSuspend]: 'false' }, suspend: true },
      resume: { suspend: false, annotations: { [A.previousSuspend]: null } },
    },
    {
      name: 'a CronJob without a record is not touched on resume',
      cronJob: { annotations: {}, suspend: true },
      resume: null,
    },
    {
      name: 'an excluded CronJob is not touched on resume',
      cronJob: {
        annotations: { [A.previousSuspend]: 'false', [A.exclude]: 'true' },
        suspend: true,
      },
      resume: null,
    },
  ])('$name', ({ cronJob, resume }) => {
    expect(planCronJobResume(cronJob)).toEqual(resume);
  });
});

describe('KEDA ScaledObjects', () => {
  it.each([
    {
      name: 'an active ScaledObject is paused and remembers it had no pause annotation',
      annotations: {},
      pause: { [KEDA_PAUSED_ANNOTATION]: 'true', [A.previousPaused]: 'absent' },
      resumeAfter: { [KEDA_PAUSED_ANNOTATION]: null, [A.previousPaused]: null },
    },
    {
      name: 'an explicitly unpaused ScaledObject gets its false back',
      annotations: { [KEDA_PAUSED_ANNOTATION]: 'false' },
      pause: { [KEDA_PAUSED_ANNOTATION]: 'true', [A.previousPaused]: 'false' },
      resumeAfter: { [KEDA_PAUSED_ANNOTATION]: 'false', [A.previousPaused]: null },
    },
    {
      name: 'a ScaledObject someone paused is left paused',
      annotations: { [KEDA_PAUSED_ANNOTATION]: 'true' },
      pause: null,
      resumeAfter: null,
    },
    {
      name: 'an excluded ScaledObject is never paused',
      annotations: { [A.exclude]: 'true' },
      pause: null,
      resumeAfter: null,
    },
  ])('$name', ({ annotations, pause, resumeAfter }) => {
    expect(planScaledObjectPause(annotations as Record<string, string>)).toEqual(pause);
    const paused = { ...annotations, ...(pause ?? {}) } as Record<string, string>;
    expect(planScaledObjectResume(paused)).toEqual(resumeAfter);
  });

  it('a ScaledObject paused once keeps its first record when paused again', () => {
    expect(planScaledObjectPause({ [A.previousPaused]: 'absent' })).toBeNull();
  });
});
