import { describe, expect, it } from 'vitest';
import { ANNOTATIONS } from '../../src/common/annotations.js';
import { CurfewInputError } from '../../src/common/errors.js';
import { formatOffsetRecord } from '../../src/schedule/offsets.js';
import {
  decideExpiry,
  EXPIRED_AT_ANNOTATION,
  extendApplied,
  extendMatches,
  extendSummary,
  planExtend,
  type TimeBombObservation,
  timeBombOf,
} from '../../src/time-bombs/expiry-decision.js';

const NOW = Date.parse('2026-11-04T12:00:00Z');
const MINUTE = 60_000;
/** Valid until 13:00, an hour after NOW. */
const UNTIL = NOW / 1000 + 3600;
const UNTIL_HUMAN = '2026-11-04T13:00:00Z';

function deployment(
  template: Record<string, string> = {},
  annotations: Record<string, string> = {},
  replicas = 2,
): TimeBombObservation {
  return {
    kind: 'Deployment',
    name: 'web',
    namespace: 'dev',
    annotations,
    templateAnnotations: { [ANNOTATIONS.validUntil]: String(UNTIL), ...template },
    replicas,
  };
}

function pod(extra: Partial<TimeBombObservation> = {}): TimeBombObservation {
  return {
    kind: 'Pod',
    name: 'job',
    namespace: 'dev',
    annotations: { [ANNOTATIONS.validUntil]: String(UNTIL), [ANNOTATIONS.sku]: '/t/s/job' },
    replicas: 1,
    ...extra,
  };
}

describe('what a time bomb asks for', () => {
  it.each([
    {
      name: 'two hours before expiry nothing is due, and the 60-minute warning is the next check',
      object: deployment(),
      now: NOW - 60 * MINUTE,
      kind: 'none',
      next: NOW,
    },
    {
      name: 'an hour before expiry the 60-minute warning is due and recorded for this validity',
      object: deployment(),
      now: NOW,
      kind: 'warn',
      offset: 60,
      annotations: { [ANNOTATIONS.expiryWarned]: formatOffsetRecord(60, UNTIL * 1000) },
      next: NOW + 45 * MINUTE,
    },
    {
      name: 'a warning already sent for this validity is not sent again',
      object: deployment({}, { [ANNOTATIONS.expiryWarned]: formatOffsetRecord(60, UNTIL * 1000) }),
      now: NOW + 10 * MINUTE,
      kind: 'none',
      next: NOW + 45 * MINUTE,
    },
    {
      name: 'when both warnings are overdue only the 15-minute one is sent',
      object: deployment(),
      now: NOW + 50 * MINUTE,
      kind: 'warn',
      offset: 15,
      next: NOW + 60 * MINUTE,
    },
    {
      name: 'a warning recorded for an older validity does not silence the new one',
      object: deployment(
        {},
        { [ANNOTATIONS.expiryWarned]: formatOffsetRecord(15, (UNTIL - 3600) * 1000) },
      ),
      now: NOW + 50 * MINUTE,
      kind: 'warn',
      offset: 15,
      next: NOW + 60 * MINUTE,
    },
    {
      name: 'configured offsets replace the defaults',
      object: deployment(),
      now: NOW + 31 * MINUTE,
      offsets: [30],
      kind: 'warn',
      offset: 30,
      next: NOW + 60 * MINUTE,
    },
    {
      name: 'an expired workload is scaled to 0 with its replicas recorded and the expiry marked',
      object: deployment(),
      now: NOW + 60 * MINUTE,
      kind: 'expire',
      annotations: {
        [ANNOTATIONS.previousReplicas]: '2',
        [EXPIRED_AT_ANNOTATION]: UNTIL_HUMAN,
        [ANNOTATIONS.expiryWarned]: null,
      },
      next: null,
    },
    {
      name: 'an expired workload already at 0 keeps its earlier record',
      object: deployment({}, { [ANNOTATIONS.previousReplicas]: '3' }, 0),
      now: NOW + 61 * MINUTE,
      kind: 'expire',
      annotations: { [EXPIRED_AT_ANNOTATION]: UNTIL_HUMAN, [ANNOTATIONS.expiryWarned]: null },
      next: null,
    },
    {
      name: 'an expired workload marked and at 0 needs nothing more',
      object: deployment({}, { [EXPIRED_AT_ANNOTATION]: UNTIL_HUMAN }, 0),
      now: NOW + 2 * 60 * MINUTE,
      kind: 'none',
      next: null,
    },
    {
      name: 'an expired workload scaled back up by hand is scaled down again',
      object: deployment({}, { [EXPIRED_AT_ANNOTATION]: UNTIL_HUMAN }, 1),
      now: NOW + 2 * 60 * MINUTE,
      kind: 'expire',
    },
    {
      name: 'an excluded workload is never touched',
      object: deployment({}, { [ANNOTATIONS.exclude]: 'true' }),
      now: NOW + 2 * 60 * MINUTE,
      kind: 'none',
      next: null,
    },
    {
      name: 'a workload without validity is not a time bomb',
      object: { ...deployment(), templateAnnotations: { [ANNOTATIONS.timer]: '1h' } },
      now: NOW,
      kind: 'none',
      next: null,
    },
    {
      name: 'validity on the workload metadata instead of the pod template is not read',
      object: {
        ...deployment(),
        annotations: { [ANNOTATIONS.validUntil]: String(UNTIL) },
        templateAnnotations: {},
      },
      now: NOW + 2 * 60 * MINUTE,
      kind: 'none',
    },
    {
      name: 'an expired bare Pod is deleted',
      object: pod(),
      now: NOW + 60 * MINUTE,
      kind: 'delete',
      next: null,
    },
    {
      name: 'an expired Pod with an owner is left to its owner',
      object: pod({ owned: true }),
      now: NOW + 60 * MINUTE,
      kind: 'none',
    },
    {
      name: 'an expired Pod already being deleted is not deleted again',
      object: pod({ deleting: true }),
      now: NOW + 60 * MINUTE,
      kind: 'none',
    },
    {
      name: 'a bare Pod warned through the record kept elsewhere is not warned again',
      object: pod(),
      warnedRecord: formatOffsetRecord(60, UNTIL * 1000),
      now: NOW + MINUTE,
      kind: 'none',
      next: NOW + 45 * MINUTE,
    },
  ])('$name', ({ object, now, offsets, warnedRecord, kind, offset, annotations, next }) => {
    const decision = decideExpiry(object, {
      now,
      ...(offsets ? { offsetsMinutes: offsets } : {}),
      ...(warnedRecord ? { warnedRecord } : {}),
    });
    expect(decision.kind).toBe(kind);
    if (next !== undefined) expect(decision.nextCheckAt).toBe(next);
    if (offset !== undefined && decision.kind === 'warn') {
      expect(decision.offsetMinutes).toBe(offset);
    }
    if (annotations && (decision.kind === 'warn' || decision.kind === 'expire')) {
      expect(decision.annotations).toEqual(annotations);
    }
    if (decision.kind === 'expire') expect(decision.replicas).toBe(0);
  });

  it.each([
    {
      name: 'a workload extended by kubectl after expiry gets its replicas back and loses the marker',
      suspended: false,
      replicas: 2,
      annotations: { [EXPIRED_AT_ANNOTATION]: null, [ANNOTATIONS.previousReplicas]: null },
    },
    {
      name: 'in a suspended namespace a revived workload keeps its record for the namespace resume',
      suspended: true,
      replicas: undefined,
      annotations: { [EXPIRED_AT_ANNOTATION]: null },
    },
    {
      name: 'a revived workload a person had already scaled up keeps their count and drops the stale record',
      suspended: false,
      current: 1,
      replicas: undefined,
      annotations: { [EXPIRED_AT_ANNOTATION]: null, [ANNOTATIONS.previousReplicas]: null },
    },
  ])('$name', ({ suspended, replicas, annotations, current }) => {
    const object = deployment(
      {},
      { [EXPIRED_AT_ANNOTATION]: '2026-11-04T11:00:00Z', [ANNOTATIONS.previousReplicas]: '2' },
      current ?? 0,
    );
    const decision = decideExpiry(object, { now: NOW, namespaceSuspended: suspended });
    expect(decision.kind).toBe('revive');
    if (decision.kind !== 'revive') return;
    expect(decision.replicas).toBe(replicas);
    expect(decision.annotations).toEqual(annotations);
  });
});

describe('a workload scaled up by hand after it expired (the replica count is never lost)', () => {
  const expired = (replicas: number, record?: string) =>
    deployment(
      {},
      {
        [EXPIRED_AT_ANNOTATION]: UNTIL_HUMAN,
        ...(record === undefined ? {} : { [ANNOTATIONS.previousReplicas]: record }),
      },
      replicas,
    );
  it.each([
    {
      name: 'a re-expiry keeps the count recorded at the first expiry instead of the hand count',
      object: expired(1, '2'),
      record: {},
      kept: 2,
    },
    {
      name: 'a re-expiry without a usable record records the hand count',
      object: expired(3, 'lots'),
      record: { [ANNOTATIONS.previousReplicas]: '3' },
      kept: undefined,
    },
    {
      name: 'a first expiry records what runs now, replacing a record left from an earlier suspend',
      object: deployment({}, { [ANNOTATIONS.previousReplicas]: '5' }, 2),
      record: { [ANNOTATIONS.previousReplicas]: '2' },
      kept: undefined,
    },
  ])('$name', ({ object, record, kept }) => {
    const decision = decideExpiry(object, { now: NOW + 61 * MINUTE });
    expect(decision.kind).toBe('expire');
    if (decision.kind !== 'expire') return;
    expect(decision.annotations).toEqual({
      [EXPIRED_AT_ANNOTATION]: UNTIL_HUMAN,
      [ANNOTATIONS.expiryWarned]: null,
      ...record,
    });
    expect(decision.keptRecord).toBe(kept);
    if (kept !== undefined) expect(decision.reason).toMatch(/by hand to 1.*recorded 2/);
  });
});

describe('extending by SKU', () => {
  it.each([
    { name: 'the template SKU is read first', template: '/t/s/web', own: '/x', sku: '/t/s/web' },
    { name: 'the workload SKU is read when the template has none', own: '/t/s', sku: '/t/s' },
    { name: 'no SKU reads as empty', sku: '' },
  ])('$name', ({ template, own, sku }) => {
    const object = deployment(
      template ? { [ANNOTATIONS.sku]: template } : {},
      own ? { [ANNOTATIONS.sku]: own } : {},
    );
    expect(timeBombOf(object)).toEqual({ validUntil: UNTIL, sku });
  });

  it.each([
    { name: 'a parent path matches', prefix: '/t', namespace: '', matches: true },
    {
      name: 'a sibling with a longer name does not match',
      prefix: '/t/sq',
      namespace: '',
      matches: false,
    },
    { name: 'the namespace limits the match', prefix: '/t', namespace: 'prod', matches: false },
    { name: 'the right namespace still matches', prefix: '/t/s', namespace: 'dev', matches: true },
  ])('$name', ({ prefix, namespace, matches }) => {
    const object = deployment({ [ANNOTATIONS.sku]: '/t/s/web' });
    expect(extendMatches(object, prefix, namespace)).toBe(matches);
  });

  it('an extension stamps a new validity on the template, leaves the user’s timer alone and re-arms the warnings', () => {
    const plan = planExtend(deployment(), 90 * MINUTE, { now: NOW + 500 });
    expect(plan).toEqual({
      validity: { validUntil: NOW / 1000 + 5400, validUntilHuman: '2026-11-04T13:30:00Z' },
      templateAnnotations: {
        [ANNOTATIONS.validUntil]: String(NOW / 1000 + 5400),
        [ANNOTATIONS.validUntilHuman]: '2026-11-04T13:30:00Z',
      },
      annotations: { [ANNOTATIONS.expiryWarned]: null },
      wasExpired: false,
    });
  });

  it('extending an expired workload resumes it to its recorded replicas', () => {
    const object = deployment(
      {},
      { [EXPIRED_AT_ANNOTATION]: UNTIL_HUMAN, [ANNOTATIONS.previousReplicas]: '3' },
      0,
    );
    const plan = planExtend(object, 60 * MINUTE, { now: NOW });
    expect(plan.wasExpired).toBe(true);
    // First the new validity, then the scale write that brings it back.
    expect(plan.annotations).toEqual({ [ANNOTATIONS.expiryWarned]: null });
    expect(plan.scale).toEqual({
      replicas: 3,
      annotations: { [EXPIRED_AT_ANNOTATION]: null, [ANNOTATIONS.previousReplicas]: null },
    });
  });

  it.each([
    {
      name: 'an expired workload a person already scaled up keeps their count and loses the stale record',
      replicas: 1,
      suspended: false,
      scale: undefined,
      annotations: {
        [ANNOTATIONS.expiryWarned]: null,
        [EXPIRED_AT_ANNOTATION]: null,
        [ANNOTATIONS.previousReplicas]: null,
      },
    },
    {
      name: 'an expired workload in a suspended namespace loses the marker and keeps its record for the resume',
      replicas: 0,
      suspended: true,
      scale: undefined,
      annotations: { [ANNOTATIONS.expiryWarned]: null, [EXPIRED_AT_ANNOTATION]: null },
    },
  ])('$name', ({ replicas, suspended, scale, annotations }) => {
    const object = deployment(
      {},
      { [EXPIRED_AT_ANNOTATION]: UNTIL_HUMAN, [ANNOTATIONS.previousReplicas]: '3' },
      replicas,
    );
    const plan = planExtend(object, 60 * MINUTE, { now: NOW, namespaceSuspended: suspended });
    expect(plan.scale).toEqual(scale);
    expect(plan.annotations).toEqual(annotations);
  });

  it('an extension remembers its command id on the object, so the same EXTEND delivered again is recognised', () => {
    const first = planExtend(deployment(), 60 * MINUTE, { now: NOW, commandId: 'c1' });
    expect(first.annotations[ANNOTATIONS.extendIds]).toBe('c1');
    const after = deployment({}, { [ANNOTATIONS.extendIds]: 'c0,c1' });
    expect(extendApplied(after, 'c1')).toBe(true);
    expect(extendApplied(after, 'c2')).toBe(false);
    const second = planExtend(after, 60 * MINUTE, { now: NOW, commandId: 'c2' });
    expect(second.annotations[ANNOTATIONS.extendIds]).toBe('c0,c1,c2');
  });

  it('an object remembers only the last five extensions', () => {
    const after = deployment({}, { [ANNOTATIONS.extendIds]: 'a,b,c,d,e' });
    const plan = planExtend(after, 60 * MINUTE, { now: NOW, commandId: 'f' });
    expect(plan.annotations[ANNOTATIONS.extendIds]).toBe('b,c,d,e,f');
  });

  it('a zero duration is refused with the duration error', () => {
    expect(() => planExtend(deployment(), 0, { now: NOW })).toThrow(CurfewInputError);
  });

  it.each([
    {
      name: 'one workload reads in the singular',
      matched: ['dev'],
      text: '1 workload in 1 namespace',
    },
    {
      name: 'several workloads count distinct namespaces',
      matched: ['dev', 'dev', 'qa'],
      text: '3 workloads in 2 namespaces',
    },
    { name: 'nothing matched says so', matched: [], text: '0 workloads in 0 namespaces' },
  ])('$name', ({ matched, text }) => {
    expect(extendSummary(matched.map((namespace) => ({ namespace })))).toBe(text);
  });
});
