import { describe, expect, it } from 'vitest';
import {
  ANNOTATIONS as A,
  DOWNSCALER_ANNOTATIONS as DS,
  LABELS,
} from '../../src/common/annotations.js';
import type { ObservedWorkload } from '../../src/namespace/namespace.js';
import { isWorkloadExcluded } from '../../src/namespace/workload-exclusion.js';
import { berlin, checkDecision, type DecisionCase, namespace } from '../support/fixtures.js';

/**
 * kube-downscaler's annotations on namespaces and workloads, read into Curfew's model
 * (packages/core/README.md "kube-downscaler → Curfew"). The cluster default is Berlin business
 * hours; the week is 2–8 November 2026.
 */
const deployment = (name: string, annotations: Record<string, string> = {}): ObservedWorkload => ({
  kind: 'Deployment',
  name,
  annotations,
});

describe('kube-downscaler annotations on a namespace', () => {
  it.each<DecisionCase>([
    {
      name: 'downscaler/uptime on a namespace is its schedule',
      obs: namespace({ annotations: { [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin' } }),
      now: berlin('wed', '12:00'),
      expected: { kind: 'none', shutdownAt: berlin('wed', '21:00') },
    },
    {
      name: 'curfew.dev/uptime wins over downscaler/uptime',
      obs: namespace({
        annotations: {
          [A.uptime]: 'Mon-Fri 08:00-20:00 Europe/Berlin',
          [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin',
        },
      }),
      now: berlin('wed', '12:00'),
      expected: { kind: 'none', shutdownAt: berlin('wed', '20:00') },
    },
    {
      name: 'downscaler/downtime is cut out of the cluster default uptime',
      obs: namespace({ annotations: { [DS.downtime]: 'Wed 12:00-13:00 Europe/Berlin' } }),
      now: berlin('wed', '10:00'),
      expected: { kind: 'none', shutdownAt: berlin('wed', '12:00') },
    },
    {
      name: 'downscaler/downtime is cut out of downscaler/uptime',
      obs: namespace({
        annotations: {
          [DS.uptime]: 'always',
          [DS.downtime]: 'Sat-Sun 00:00-24:00 Europe/Berlin',
        },
      }),
      now: berlin('fri', '22:00'),
      expected: { kind: 'none', shutdownAt: berlin('sat', '00:00') },
    },
    {
      name: 'a downtime of always keeps the namespace down',
      obs: namespace({ runningPods: 0, annotations: { [DS.downtime]: 'always' } }),
      now: berlin('wed', '12:00'),
      expected: { kind: 'suspend' },
    },
    {
      name: 'an invalid downscaler/downtime is reported by name and the namespace left alone',
      obs: namespace({ annotations: { [DS.downtime]: 'weekends' } }),
      now: berlin('wed', '12:00'),
      expected: {
        kind: 'invalid',
        error: { message: expect.stringContaining(`The annotation ${DS.downtime} is invalid`) },
      },
    },
    {
      name: 'downscaler/exclude=true makes a namespace unmanaged',
      obs: namespace({ labels: {}, annotations: { [DS.exclude]: 'true' } }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'unmanaged', reason: `annotated ${DS.exclude}=true` },
    },
    {
      name: 'any downscaler/exclude value but false excludes, as in kube-downscaler',
      obs: namespace({ labels: {}, annotations: { [DS.exclude]: 'yes' } }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'unmanaged' },
    },
    {
      name: 'downscaler/exclude=false leaves the namespace managed',
      obs: namespace({ labels: {}, runningPods: 0, annotations: { [DS.exclude]: 'False' } }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'suspend' },
    },
    {
      name: 'the label curfew.dev/managed=true wins over downscaler/exclude',
      obs: namespace({
        labels: { [LABELS.managed]: 'true' },
        runningPods: 0,
        annotations: { [DS.exclude]: 'true' },
      }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'suspend' },
    },
  ])('$name', checkDecision);
});

describe('kube-downscaler annotations on workloads', () => {
  it.each<DecisionCase>([
    {
      name: 'workloads that all carry one downscaler/uptime give the namespace that schedule',
      obs: namespace({
        workloads: [
          deployment('web', { [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin' }),
          deployment('api', { [DS.uptime]: 'mon-fri 08:00-21:00 europe/berlin' }),
        ],
      }),
      now: berlin('wed', '12:00'),
      expected: { kind: 'none', shutdownAt: berlin('wed', '21:00') },
    },
    {
      name: 'a workload whose schedule equals the namespace’s is no conflict',
      obs: namespace({
        annotations: { [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin' },
        workloads: [
          deployment('web', { [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin' }),
          deployment('api'),
        ],
      }),
      now: berlin('wed', '12:00'),
      expected: { kind: 'none', shutdownAt: berlin('wed', '21:00') },
    },
    {
      name: 'a workload with its own schedule beside one that follows the namespace leaves the namespace alone, naming both',
      obs: namespace({
        workloads: [
          deployment('web', { [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin' }),
          deployment('api'),
        ],
      }),
      now: berlin('wed', '12:00'),
      expected: {
        kind: 'invalid',
        annotations: {},
        error: {
          message: expect.stringMatching(
            /Deployment\/web: 'Mon-Fri 08:00-21:00 Europe\/Berlin'; Deployment\/api \(the namespace's\): 'Mon-Fri 08:00-19:00 Europe\/Berlin'/,
          ),
          hint: expect.stringContaining(`${DS.exclude}=true`),
        },
      },
    },
    {
      name: 'a workload’s downtime applies over the namespace’s uptime, key by key as kube-downscaler reads them',
      obs: namespace({
        annotations: { [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin' },
        workloads: [deployment('web', { [DS.downtime]: 'Wed 12:00-13:00 Europe/Berlin' })],
      }),
      now: berlin('wed', '10:00'),
      expected: { kind: 'none', shutdownAt: berlin('wed', '12:00') },
    },
    {
      name: 'an excluded workload’s schedule is not read',
      obs: namespace({
        workloads: [
          deployment('web', {
            [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin',
            [DS.exclude]: 'true',
          }),
          deployment('api'),
        ],
      }),
      now: berlin('wed', '12:00'),
      expected: { kind: 'none', shutdownAt: berlin('wed', '19:00') },
    },
    {
      name: 'a workload kube-downscaler keeps always up is excluded, not a conflict',
      obs: namespace({
        workloads: [deployment('web', { [DS.uptime]: 'always' }), deployment('api')],
      }),
      now: berlin('wed', '12:00'),
      expected: { kind: 'none', shutdownAt: berlin('wed', '19:00') },
    },
    {
      name: 'curfew.dev/uptime on the namespace means workload schedules are not read',
      obs: namespace({
        annotations: { [A.uptime]: 'Mon-Fri 08:00-20:00 Europe/Berlin' },
        workloads: [
          deployment('web', { [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin' }),
          deployment('api'),
        ],
      }),
      now: berlin('wed', '12:00'),
      expected: { kind: 'none', shutdownAt: berlin('wed', '20:00') },
    },
    {
      name: 'an invalid workload schedule is reported with the workload',
      obs: namespace({ workloads: [deployment('web', { [DS.uptime]: 'Mon-Fri 8-21' })] }),
      now: berlin('wed', '12:00'),
      expected: {
        kind: 'invalid',
        error: {
          message: expect.stringContaining(
            `The annotation ${DS.uptime} on Deployment/web is invalid`,
          ),
        },
      },
    },
    {
      name: 'many disagreeing workloads are listed with a count',
      obs: namespace({
        workloads: [
          ...['a', 'b', 'c', 'd', 'e'].map((n) =>
            deployment(n, { [DS.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin' }),
          ),
          deployment('f'),
        ],
      }),
      now: berlin('wed', '12:00'),
      expected: {
        kind: 'invalid',
        error: {
          message: expect.stringContaining('Deployment/a, Deployment/b, Deployment/c and 2 more'),
        },
      },
    },
  ])('$name', checkDecision);
});

describe('isWorkloadExcluded', () => {
  it.each<{ name: string; annotations: Record<string, string>; excluded: boolean }>([
    {
      name: 'curfew.dev/exclude=true excludes',
      annotations: { [A.exclude]: 'true' },
      excluded: true,
    },
    {
      name: 'curfew.dev/exclude with another value does not',
      annotations: { [A.exclude]: 'yes' },
      excluded: false,
    },
    {
      name: 'downscaler/exclude=true excludes',
      annotations: { [DS.exclude]: 'true' },
      excluded: true,
    },
    {
      name: 'downscaler/exclude with any value but false excludes',
      annotations: { [DS.exclude]: ' 1 ' },
      excluded: true,
    },
    {
      name: 'downscaler/exclude=FALSE does not',
      annotations: { [DS.exclude]: 'FALSE' },
      excluded: false,
    },
    {
      name: 'downscaler/uptime always excludes',
      annotations: { [DS.uptime]: 'Always' },
      excluded: true,
    },
    {
      name: 'downscaler/uptime always with downtime never excludes',
      annotations: { [DS.uptime]: 'always', [DS.downtime]: 'never' },
      excluded: true,
    },
    {
      name: 'downscaler/uptime always with a real downtime does not',
      annotations: { [DS.uptime]: 'always', [DS.downtime]: 'Sat-Sun 00:00-24:00 UTC' },
      excluded: false,
    },
    {
      name: 'an invalid downscaler/uptime does not',
      annotations: { [DS.uptime]: 'sometimes' },
      excluded: false,
    },
    { name: 'no annotation does not', annotations: {}, excluded: false },
  ])('$name', ({ annotations, excluded }) => {
    expect(isWorkloadExcluded(annotations)).toBe(excluded);
  });
});
