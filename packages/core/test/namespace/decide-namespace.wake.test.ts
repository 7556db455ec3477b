import { describe, expect, it } from 'vitest';
import { ANNOTATIONS as A, applyAnnotationPatch } from '../../src/common/annotations.js';
import { decideNamespace } from '../../src/namespace/decide-namespace.js';
import type { NamespaceObservation } from '../../src/namespace/namespace.js';
import {
  berlin,
  checkDecision,
  type DecisionCase,
  iso,
  namespace,
  POLICY,
} from '../support/fixtures.js';

const MIN = 60_000;
const END = berlin('wed', '19:00');

describe('suspended namespaces and waking', () => {
  const suspended = (
    extra: Record<string, string> = {},
    scaledUpWorkloads = 0,
  ): NamespaceObservation =>
    namespace({
      runningPods: 0,
      scaledUpWorkloads,
      annotations: {
        [A.state]: 'suspended',
        [A.suspendedAt]: iso(END),
        [A.suspendedBy]: 'schedule',
        ...extra,
      },
    });
  it.each<DecisionCase>([
    {
      name: 'a suspended namespace with manual wake stays suspended at the next uptime start',
      obs: suspended(),
      now: berlin('thu', '08:00'),
      expected: { kind: 'none', state: 'suspended', nextCheckAt: null, annotations: {} },
    },
    {
      name: 'a suspended namespace with auto wake waits for the next uptime start',
      obs: suspended({ [A.wake]: 'auto' }),
      now: berlin('wed', '23:00'),
      expected: { kind: 'none', state: 'suspended', nextCheckAt: berlin('thu', '08:00') },
    },
    {
      name: 'a suspended namespace with auto wake resumes at the next uptime start',
      obs: suspended({ [A.wake]: 'auto' }),
      now: berlin('thu', '08:00'),
      expected: {
        kind: 'resume',
        state: 'running',
        annotations: {
          [A.state]: 'running',
          [A.suspendedAt]: null,
          [A.suspendedBy]: null,
          [A.shutdownAt]: null,
          [A.reminderSent]: null,
        },
      },
    },
    {
      name: 'a namespace a person suspended during uptime does not auto-wake until the next uptime start',
      obs: suspended({
        [A.wake]: 'auto',
        [A.suspendedAt]: iso(berlin('wed', '10:00')),
        [A.suspendedBy]: 'U123',
      }),
      now: berlin('wed', '11:00'),
      expected: { kind: 'none', nextCheckAt: berlin('thu', '08:00') },
    },
    {
      name: 'auto wake does not resume outside uptime when the agent missed the window',
      obs: suspended({ [A.wake]: 'auto', [A.suspendedAt]: iso(berlin('fri', '19:00')) }),
      now: berlin('mon', '20:00') + 7 * 86_400_000,
      expected: { kind: 'none', nextCheckAt: berlin('tue', '08:00') + 7 * 86_400_000 },
    },
    {
      name: 'auto wake on a never schedule has no uptime start to wake at',
      obs: suspended({ [A.wake]: 'auto', [A.uptime]: 'never' }),
      now: berlin('thu', '08:00'),
      expected: { kind: 'none', nextCheckAt: null },
    },
    {
      name: 'a suspended namespace without suspended-at records it now',
      obs: namespace({
        runningPods: 0,
        scaledUpWorkloads: 0,
        annotations: { [A.state]: 'suspended', [A.wake]: 'auto' },
      }),
      now: berlin('wed', '23:00'),
      expected: {
        kind: 'none',
        annotations: { [A.suspendedAt]: iso(berlin('wed', '23:00')) },
        nextCheckAt: berlin('thu', '08:00'),
      },
    },
    {
      name: 'without suspended-at and with manual wake only the record is written',
      obs: namespace({
        runningPods: 0,
        scaledUpWorkloads: 0,
        annotations: { [A.state]: 'suspended' },
      }),
      now: berlin('wed', '23:00'),
      expected: { kind: 'none', nextCheckAt: null },
    },
    {
      name: 'a suspended namespace whose workloads were scaled up by hand in uptime is running until window end',
      obs: suspended({}, 1),
      now: berlin('thu', '10:00'),
      expected: {
        kind: 'mark-woken',
        state: 'running',
        shutdownAt: berlin('thu', '19:00'),
        nextCheckAt: berlin('thu', '10:00'),
        annotations: {
          [A.state]: 'running',
          [A.suspendedAt]: null,
          [A.suspendedBy]: null,
          [A.reminderSent]: null,
          [A.shutdownAt]: iso(berlin('thu', '19:00')),
        },
      },
    },
    {
      name: 'a namespace woken by hand on a Saturday gets an hour and every reminder',
      obs: suspended({}, 2),
      now: berlin('sat', '10:00'),
      expected: { kind: 'mark-woken', shutdownAt: berlin('sat', '11:00') },
    },
    {
      name: 'a namespace woken by hand on an always schedule has no shutdown',
      obs: suspended({ [A.uptime]: 'always' }, 2),
      now: berlin('sat', '10:00'),
      expected: {
        kind: 'mark-woken',
        shutdownAt: null,
        annotations: expect.objectContaining({ [A.shutdownAt]: null }),
      },
    },
  ])('$name', checkDecision);

  it('after being woken by hand on a Saturday the owner gets the 60-minute reminder at once, then 30 and 15', () => {
    let obs = suspended({}, 2);
    let now = berlin('sat', '10:00');
    const kinds: string[] = [];
    for (let step = 0; step < 8; step++) {
      const d = decideNamespace(obs, POLICY, now);
      kinds.push(d.kind === 'remind' ? `remind ${d.offsetMinutes}` : d.kind);
      obs = {
        ...obs,
        runningPods: d.state === 'running' ? 2 : 0,
        annotations: applyAnnotationPatch(obs.annotations, d.annotations),
      };
      if (d.kind === 'suspend') break;
      now = d.nextCheckAt ?? now;
    }
    expect(kinds).toEqual(['mark-woken', 'remind 60', 'remind 30', 'remind 15', 'suspend']);
    expect(now).toBe(berlin('sat', '11:00'));
  });
});

describe('decision bookkeeping', () => {
  it('a shutdown with milliseconds round-trips through the annotation', () => {
    const now = berlin('sat', '10:00') + 123;
    const d = decideNamespace(namespace(), POLICY, now);
    expect(d).toMatchObject({ kind: 'remind', shutdownAt: now + 15 * MIN });
    const next = decideNamespace(
      namespace({ annotations: applyAnnotationPatch({}, d.annotations) }),
      POLICY,
      now + MIN,
    );
    expect(next).toMatchObject({ kind: 'none', shutdownAt: now + 15 * MIN });
  });
});
