import { describe, expect, it } from 'vitest';
import { decideMutation } from '../../src/admission/admission-mutate.js';
import { ANNOTATIONS } from '../../src/common/annotations.js';
import { DURATION_FORMS } from '../../src/common/duration.js';
import { validityAt } from '../../src/time-bombs/validity.js';
import { NOW, NOW_S, PAST_S, pod, review, workload } from '../support/admission-fixtures.js';
import { POLICY } from '../support/fixtures.js';

const TIMER = ANNOTATIONS.timer;
const SKU = ANNOTATIONS.sku;
const VALID_UNTIL = ANNOTATIONS.validUntil;

/** The two add ops for a validity `seconds` from NOW on the annotations map at `pointer`. */
function stamp(pointer: string, seconds: number) {
  const v = validityAt(NOW_S + seconds);
  return [
    { op: 'add', path: `${pointer}/curfew.dev~1valid-until`, value: String(v.validUntil) },
    { op: 'add', path: `${pointer}/curfew.dev~1valid-until-human`, value: v.validUntilHuman },
  ];
}

const POD = '/metadata/annotations';
const TEMPLATE = '/spec/template/metadata/annotations';

describe('the mutating webhook stamps validity', () => {
  it.each([
    {
      name: 'a Pod created with a 90m timer is stamped on the Pod',
      input: review(pod({ [TIMER]: '90m' })),
      patch: stamp(POD, 5400),
    },
    {
      name: 'a Deployment created with a 1m timer on its pod template is stamped on the template',
      input: review(workload('Deployment', { [TIMER]: '1m' })),
      patch: stamp(TEMPLATE, 60),
    },
    {
      name: 'a StatefulSet created with a 1d timer is stamped on the template',
      input: review(workload('StatefulSet', { [TIMER]: '1d' })),
      patch: stamp(TEMPLATE, 86_400),
    },
    {
      name: 'a Deployment with the timer on its own metadata gets the template annotations created',
      input: review(workload('Deployment', undefined, { metadata: { [TIMER]: '2h' } })),
      patch: [
        {
          op: 'add',
          path: TEMPLATE,
          value: {
            [VALID_UNTIL]: String(NOW_S + 7200),
            [ANNOTATIONS.validUntilHuman]: validityAt(NOW_S + 7200).validUntilHuman,
          },
        },
      ],
    },
    {
      name: 'a Deployment whose template has no metadata gets the template metadata created',
      input: review(
        workload('Deployment', undefined, {
          metadata: { [TIMER]: '2h' },
          noTemplateMetadata: true,
        }),
      ),
      patch: [
        {
          op: 'add',
          path: '/spec/template/metadata',
          value: {
            annotations: {
              [VALID_UNTIL]: String(NOW_S + 7200),
              [ANNOTATIONS.validUntilHuman]: validityAt(NOW_S + 7200).validUntilHuman,
            },
          },
        },
      ],
    },
    {
      name: 'the template timer wins over one on the Deployment metadata',
      input: review(workload('Deployment', { [TIMER]: '1m' }, { metadata: { [TIMER]: '1d' } })),
      patch: stamp(TEMPLATE, 60),
    },
    {
      name: 'a bare Pod created with an old validity is stamped afresh (its clock starts now)',
      input: review(pod({ [TIMER]: '1h', [VALID_UNTIL]: String(PAST_S) })),
      patch: stamp(POD, 3600),
    },
    {
      name: 'a Pod a ReplicaSet creates from an unstamped template is stamped',
      input: review(pod({ [TIMER]: '1h' }, { owner: { kind: 'ReplicaSet', name: 'web-abc' } })),
      patch: stamp(POD, 3600),
    },
    {
      name: 'an update that changes the timer is stamped again',
      input: review(workload('Deployment', { [TIMER]: '3h', [VALID_UNTIL]: String(PAST_S) }), {
        operation: 'UPDATE',
        oldObject: workload('Deployment', { [TIMER]: '1h', [VALID_UNTIL]: String(PAST_S) }),
      }),
      patch: stamp(TEMPLATE, 10_800),
    },
    {
      name: 'an update of an object with a timer but no validity is stamped',
      input: review(pod({ [TIMER]: '1h' }), {
        operation: 'UPDATE',
        oldObject: pod({ [TIMER]: '1h' }),
      }),
      patch: stamp(POD, 3600),
    },
    {
      name: 'an update of an object whose validity is unreadable is stamped',
      input: review(pod({ [TIMER]: '1h', [VALID_UNTIL]: 'tomorrow' }), {
        operation: 'UPDATE',
        oldObject: pod({ [TIMER]: '1h', [VALID_UNTIL]: 'tomorrow' }),
      }),
      patch: stamp(POD, 3600),
    },
  ])('$name', ({ input, patch }) => {
    expect(decideMutation(input, POLICY, NOW)).toEqual({ allowed: true, patch, warnings: [] });
  });
});

describe('the mutating webhook leaves alone', () => {
  const stamped = { [TIMER]: '1h', [VALID_UNTIL]: String(PAST_S) };
  it.each([
    { name: 'a Pod without a timer', input: review(pod({ app: 'x' })) },
    { name: 'a Pod without any annotations', input: review(pod(undefined)) },
    {
      name: 'an update that keeps the timer of a stamped Deployment (re-applying never resets it)',
      input: review(workload('Deployment', stamped, { replicas: 5 }), {
        operation: 'UPDATE',
        oldObject: workload('Deployment', stamped, { replicas: 1 }),
      }),
    },
    {
      name: 'a Pod a ReplicaSet creates with the validity of its template',
      input: review(pod(stamped, { owner: { kind: 'ReplicaSet', name: 'web-abc' } })),
    },
    {
      name: 'a Pod in kube-system',
      input: review(pod({ [TIMER]: '1h' }), { namespace: 'kube-system' }),
    },
    {
      name: "a Pod in the agent's own namespace",
      input: review(pod({ [TIMER]: '1h' }), { namespace: 'curfew-system' }),
    },
    {
      name: 'a Pod in a configured system namespace',
      input: review(pod({ [TIMER]: '1h' }), { namespace: 'monitoring' }),
    },
    {
      name: 'a ReplicaSet (its Pods are handled, not it)',
      input: review(workload('Deployment', { [TIMER]: '1h' }), {
        kind: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
      }),
    },
    {
      name: 'a core-group object that is not a Pod',
      input: review(pod({ [TIMER]: '1h' }), {
        kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      }),
    },
    { name: 'a DELETE', input: review(pod({ [TIMER]: '1h' }), { operation: 'DELETE' }) },
    {
      name: 'an update that keeps a bad timer admitted while the webhook was down',
      input: review(pod({ [TIMER]: 'soon' }), {
        operation: 'UPDATE',
        oldObject: pod({ [TIMER]: 'soon' }),
      }),
    },
    {
      name: 'a Deployment with a timer only on its metadata and no pod template at all',
      input: review({
        kind: 'Deployment',
        metadata: { name: 'web', annotations: { [TIMER]: '1h' } },
      }),
    },
  ])('$name', ({ input }) => {
    expect(decideMutation(input, POLICY, NOW)).toEqual({ allowed: true, patch: [], warnings: [] });
  });
});

describe('the mutating webhook refuses bad input, naming the accepted forms', () => {
  it.each([
    { name: 'a timer that is not a duration', timer: 'soon', says: "'soon'" },
    { name: 'a timer without a unit', timer: '90', says: 'has no unit' },
    { name: 'a timer with units out of order', timer: '30m1h', says: 'out of order' },
    { name: 'a zero timer', timer: '0m', says: 'is zero' },
    { name: 'a timer longer than a year', timer: '400d', says: 'longer than a year' },
  ])('$name is refused', ({ timer, says }) => {
    const decision = decideMutation(
      review(workload('Deployment', { [TIMER]: timer })),
      POLICY,
      NOW,
    );
    expect(decision).toMatchObject({ allowed: false, code: 400, reason: 'BadRequest' });
    const message = decision.allowed ? '' : decision.message;
    expect(message).toContain(
      `curfew.dev/timer '${timer}' in spec.template.metadata.annotations of Deployment dev/web`,
    );
    expect(message).toContain(says);
    expect(message).toContain(`Accepted forms: ${DURATION_FORMS}.`);
  });

  it.each([
    { name: 'an SKU without a leading slash', sku: 'tribe/squad', says: "does not start with '/'" },
    { name: 'an SKU with upper case', sku: '/Tribe', says: 'upper-case letters' },
  ])('$name is refused with how to write one', ({ sku, says }) => {
    const decision = decideMutation(review(pod({ [TIMER]: '1h', [SKU]: sku })), POLICY, NOW);
    expect(decision).toMatchObject({ allowed: false, code: 400 });
    const message = decision.allowed ? '' : decision.message;
    expect(message).toContain('curfew.dev/sku in metadata.annotations of Pod dev/web-1');
    expect(message).toContain(says);
    expect(message).toContain('Write a path like /tribe/squad/app');
  });

  it('a bad timer on the Deployment metadata is named there', () => {
    const input = review(workload('Deployment', undefined, { metadata: { [TIMER]: '1x' } }));
    const decision = decideMutation(input, POLICY, NOW);
    expect(decision.allowed ? '' : decision.message).toContain(
      "curfew.dev/timer '1x' in metadata.annotations of Deployment dev/web",
    );
  });

  it('an SKU that was already there is not re-checked on update', () => {
    const old = pod({ [SKU]: 'legacy' });
    const input = review(pod({ [SKU]: 'legacy', app: 'changed' }), {
      operation: 'UPDATE',
      oldObject: old,
    });
    expect(decideMutation(input, POLICY, NOW).allowed).toBe(true);
  });

  it('a Pod named by generateName is named by its prefix in the message', () => {
    const object = pod({ [TIMER]: 'soon' });
    (object.metadata as Record<string, unknown>).name = undefined;
    (object.metadata as Record<string, unknown>).generateName = 'web-7d4b9-';
    const decision = decideMutation(review(object, { name: '' }), POLICY, NOW);
    expect(decision.allowed ? '' : decision.message).toContain('Pod dev/web-7d4b9-…');
  });
});
