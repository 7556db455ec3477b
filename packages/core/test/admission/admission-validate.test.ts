import { describe, expect, it } from 'vitest';
import type { AdmissionDecision } from '../../src/admission/admission-types.js';
import { decideValidation } from '../../src/admission/admission-validate.js';
import { ANNOTATIONS } from '../../src/common/annotations.js';
import { DURATION_FORMS } from '../../src/common/duration.js';
import { validityAt } from '../../src/time-bombs/validity.js';
import {
  FUTURE_S,
  NOW,
  NOW_S,
  PAST_S,
  pod,
  review,
  workload,
} from '../support/admission-fixtures.js';
import { POLICY } from '../support/fixtures.js';

const TIMER = ANNOTATIONS.timer;
const SKU = ANNOTATIONS.sku;
const VALID_UNTIL = ANNOTATIONS.validUntil;
const expired = { [TIMER]: '1h', [VALID_UNTIL]: String(PAST_S) };
const EXPIRED_AT = validityAt(PAST_S).validUntilHuman;
const TEMPLATE_PATCH =
  `--type=merge -p '{"spec":{"template":{"metadata":{"annotations":` +
  `{"curfew.dev/timer":"1h","curfew.dev/valid-until":null}}}}}'`;

function messageOf(decision: AdmissionDecision): string {
  if (decision.allowed) throw new Error('expected a refusal, the request was allowed');
  return decision.message;
}

describe('the validating webhook refuses expired objects and says how to extend them', () => {
  it.each([
    {
      name: 'a bare Pod created with a passed validity gets the SKU command and a kubectl pipeline',
      input: review(pod({ [VALID_UNTIL]: String(PAST_S), [SKU]: '/tribe/squad/app' })),
      says: [
        `Pod dev/web-1 expired at ${EXPIRED_AT} (curfew.dev/valid-until in metadata.annotations).`,
        'in Slack run `/devenv extend /tribe/squad/app 1h`',
        '`kubectl annotate --local -f <manifest> -o yaml --overwrite curfew.dev/timer=1h curfew.dev/valid-until- | kubectl create -f -`',
      ],
    },
    {
      name: 'a Pod without an SKU is told to get one for the slash command',
      input: review(pod({ [VALID_UNTIL]: String(PAST_S) })),
      says: [
        'give it an SKU (curfew.dev/sku: /team/app next to the timer)',
        '`/devenv extend <sku> <duration>`',
      ],
    },
    {
      name: "a Pod of a Deployment's ReplicaSet points at the Deployment",
      input: review(
        pod(expired, { owner: { kind: 'ReplicaSet', name: 'web-7d4b9' }, hash: '7d4b9' }),
      ),
      says: [`\`kubectl patch deployment/web -n dev ${TEMPLATE_PATCH}\``],
    },
    {
      name: 'a Pod of a StatefulSet points at the StatefulSet',
      input: review(pod(expired, { owner: { kind: 'StatefulSet', name: 'db' } })),
      says: [`\`kubectl patch statefulset/db -n dev ${TEMPLATE_PATCH}\``],
    },
    {
      name: 'a Pod of a bare ReplicaSet points at the ReplicaSet',
      input: review(pod(expired, { owner: { kind: 'ReplicaSet', name: 'solo' } })),
      says: ['`kubectl patch replicaset/solo -n dev'],
    },
    {
      name: 'an expired Deployment scaled up is refused with the patch for its template',
      input: review(workload('Deployment', expired, { replicas: 3 }), {
        operation: 'UPDATE',
        oldObject: workload('Deployment', expired, { replicas: 0 }),
      }),
      says: [
        `Deployment dev/web expired at ${EXPIRED_AT} (curfew.dev/valid-until in spec.template.metadata.annotations).`,
        `\`kubectl patch deployment/web -n dev ${TEMPLATE_PATCH}\``,
      ],
    },
    {
      name: 'an expired StatefulSet given a new image is refused',
      input: review(workload('StatefulSet', expired, { image: 'web:2' }), {
        operation: 'UPDATE',
        oldObject: workload('StatefulSet', expired),
      }),
      says: ['StatefulSet dev/web expired', '`kubectl patch statefulset/web -n dev'],
    },
    {
      name: 'an expired bare Pod whose spec changes is told to annotate it',
      input: review(pod(expired, { image: 'web:2' }), {
        operation: 'UPDATE',
        oldObject: pod(expired),
      }),
      says: [
        '`kubectl annotate pod/web-1 -n dev --overwrite curfew.dev/timer=1h curfew.dev/valid-until-`',
      ],
    },
    {
      name: 'a Deployment created with a passed validity and no timer gets a manifest pipeline',
      input: review(workload('Deployment', { [VALID_UNTIL]: String(PAST_S) })),
      says: [
        `\`kubectl patch --local -f <manifest> -o yaml ${TEMPLATE_PATCH} | kubectl create -f -\``,
      ],
    },
    {
      name: 'an object is expired from the very second of its validity',
      input: review(pod({ [VALID_UNTIL]: String(NOW_S) })),
      says: ['Pod dev/web-1 expired at'],
    },
  ])('$name', ({ input, says }) => {
    const decision = decideValidation(input, POLICY, NOW);
    expect(decision).toMatchObject({ allowed: false, code: 403, reason: 'Forbidden' });
    for (const text of says) expect(messageOf(decision)).toContain(text);
  });

  it('uses the slash command name the hub is installed with', () => {
    const input = review(pod({ [VALID_UNTIL]: String(PAST_S), [SKU]: '/a' }));
    expect(messageOf(decideValidation(input, POLICY, NOW, '/env'))).toContain(
      '`/env extend /a 1h`',
    );
  });
});

describe('the validating webhook lets through', () => {
  it.each([
    { name: 'a Pod still valid', input: review(pod({ [VALID_UNTIL]: String(FUTURE_S) })) },
    {
      name: 'a Pod valid for one more second',
      input: review(pod({ [VALID_UNTIL]: String(NOW_S + 1) })),
    },
    { name: 'a Pod without a time bomb', input: review(pod(undefined)) },
    {
      name: 'a Pod whose validity is unreadable (the mutating webhook re-stamps it)',
      input: review(pod({ [VALID_UNTIL]: 'soon' })),
    },
    {
      name: "the agent's scale to 0 of an expired Deployment, with previous-replicas",
      input: review(
        workload('Deployment', expired, {
          replicas: 0,
          metadata: { [ANNOTATIONS.previousReplicas]: '3' },
        }),
        { operation: 'UPDATE', oldObject: workload('Deployment', expired, { replicas: 3 }) },
      ),
    },
    {
      name: 'a metadata-only change of an expired Pod (labels, finalizers)',
      input: review(pod({ ...expired, team: 'a' }), {
        operation: 'UPDATE',
        oldObject: pod(expired),
      }),
    },
    {
      name: 'an update of an expired Deployment that changes neither template nor replicas',
      input: review(workload('Deployment', expired, { metadata: { note: 'x' } }), {
        operation: 'UPDATE',
        oldObject: workload('Deployment', expired),
      }),
    },
    {
      name: 'an expired Pod in a system namespace',
      input: review(pod(expired), { namespace: 'kube-public' }),
    },
    {
      name: 'an expired Deployment in a configured system-namespace family',
      input: review(workload('Deployment', expired), { namespace: 'openshift-ingress' }),
      policy: { ...POLICY, systemNamespaces: ['openshift-*'] },
    },
    {
      name: 'an update keeping a bad timer admitted while the webhook was down',
      input: review(pod({ [TIMER]: 'soon' }), {
        operation: 'UPDATE',
        oldObject: pod({ [TIMER]: 'soon' }),
      }),
    },
  ])('$name', ({ input, policy }) => {
    expect(decideValidation(input, policy ?? POLICY, NOW)).toEqual({
      allowed: true,
      patch: [],
      warnings: [],
    });
  });
});

describe('the validating webhook refuses bad timers too', () => {
  it.each([
    { name: 'a new timer that is not a duration', timer: 'tomorrow' },
    { name: 'a new timer with a negative sign', timer: '-1h' },
  ])('$name is refused, naming the accepted forms', ({ timer }) => {
    const decision = decideValidation(review(pod({ [TIMER]: timer })), POLICY, NOW);
    expect(decision).toMatchObject({ allowed: false, code: 400 });
    expect(messageOf(decision)).toContain(`curfew.dev/timer '${timer}'`);
    expect(messageOf(decision)).toContain(DURATION_FORMS);
  });
});

describe('kubectl scale (the scale subresource) is judged on the workload it scales', () => {
  const scale = (replicas: number) => ({
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: 'web', namespace: 'dev' },
    spec: { replicas },
    status: { replicas: 0, selector: 'app=web' },
  });
  /** What the API server sends for `kubectl scale deployment/web --replicas=<to>`. */
  const scaleReview = (
    resource: string,
    from: number,
    to: number,
    parent: unknown,
  ): Parameters<typeof decideValidation>[0] => ({
    kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    resource: { group: 'apps', version: 'v1', resource },
    subResource: 'scale',
    operation: 'UPDATE',
    namespace: 'dev',
    name: 'web',
    object: scale(to),
    oldObject: scale(from),
    parent,
  });

  it.each([
    { name: 'an expired Deployment', resource: 'deployments', kind: 'Deployment' as const },
    { name: 'an expired StatefulSet', resource: 'statefulsets', kind: 'StatefulSet' as const },
  ])(
    'scaling up $name is refused with the same message as changing its replicas',
    ({ resource, kind }) => {
      const parent = workload(kind, expired, { replicas: 0 });
      const viaScale = decideValidation(scaleReview(resource, 0, 1, parent), POLICY, NOW);
      const direct = decideValidation(
        review(workload(kind, expired, { replicas: 1 }), {
          operation: 'UPDATE',
          oldObject: parent,
        }),
        POLICY,
        NOW,
      );
      expect(viaScale).toMatchObject({ allowed: false, code: 403, reason: 'Forbidden' });
      expect(messageOf(viaScale)).toBe(messageOf(direct));
      expect(messageOf(viaScale)).toContain(`${kind} dev/web expired at ${EXPIRED_AT}`);
      expect(messageOf(viaScale)).toContain(
        `\`kubectl patch ${kind.toLowerCase()}/web -n dev ${TEMPLATE_PATCH}\``,
      );
    },
  );

  it.each([
    {
      name: 'scaling an expired Deployment down (the agent itself, soon through /scale)',
      input: scaleReview('deployments', 2, 0, workload('Deployment', expired, { replicas: 2 })),
    },
    {
      name: 'scaling up a Deployment that is still valid',
      input: scaleReview(
        'deployments',
        0,
        3,
        workload('Deployment', { [VALID_UNTIL]: String(FUTURE_S) }, { replicas: 0 }),
      ),
    },
    {
      name: 'scaling a workload the agent has not seen (fail open, as the webhook does)',
      input: scaleReview('deployments', 0, 3, undefined),
    },
    {
      name: 'scaling a ReplicaSet (its Deployment carries the time bomb)',
      input: scaleReview('replicasets', 0, 3, workload('Deployment', expired, { replicas: 0 })),
    },
  ])('$name passes', ({ input }) => {
    expect(decideValidation(input, POLICY, NOW)).toEqual({
      allowed: true,
      patch: [],
      warnings: [],
    });
  });
});
