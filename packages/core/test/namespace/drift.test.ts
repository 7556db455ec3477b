import { describe, expect, it } from 'vitest';
import { ANNOTATIONS as A } from '../../src/common/annotations.js';
import { hasDrift, judgeWake, UNDO_WINDOW_MS } from '../../src/namespace/drift.js';

const SUSPENDED_AT = Date.parse('2026-11-04T19:00:00Z');

describe('telling a person waking a namespace from a tool undoing every suspend', () => {
  it.each<{
    name: string;
    annotations: Record<string, string>;
    now: number;
    patch: Record<string, string | null>;
    report: boolean;
  }>([
    {
      name: 'a wake long after the suspend is a person, and clears an earlier undo count',
      annotations: { [A.suspendedAt]: '2026-11-04T19:00:00Z', [A.undoneSuspends]: '1' },
      now: SUSPENDED_AT + UNDO_WINDOW_MS + 1,
      patch: { [A.undoneSuspends]: null },
      report: false,
    },
    {
      name: 'a wake long after the suspend with nothing counted writes nothing',
      annotations: { [A.suspendedAt]: '2026-11-04T19:00:00Z' },
      now: SUSPENDED_AT + 2 * UNDO_WINDOW_MS,
      patch: {},
      report: false,
    },
    {
      name: 'a first quick undo is counted, not reported',
      annotations: { [A.suspendedAt]: '2026-11-04T19:00:00Z' },
      now: SUSPENDED_AT + 60_000,
      patch: { [A.undoneSuspends]: '1' },
      report: false,
    },
    {
      name: 'a second quick undo in a row is drift: flagged and reported once',
      annotations: { [A.suspendedAt]: '2026-11-04T19:00:00Z', [A.undoneSuspends]: '1' },
      now: SUSPENDED_AT + 60_000,
      patch: { [A.undoneSuspends]: '2' },
      report: true,
    },
    {
      name: 'drift already reported is not reported again',
      annotations: {
        [A.suspendedAt]: '2026-11-04T19:00:00Z',
        [A.undoneSuspends]: '2',
        [A.drift]: 'reported',
      },
      now: SUSPENDED_AT + 60_000,
      patch: { [A.undoneSuspends]: '3' },
      report: false,
    },
    {
      name: 'a namespace without a readable suspend instant is a person',
      annotations: { [A.suspendedAt]: 'yesterday' },
      now: SUSPENDED_AT,
      patch: {},
      report: false,
    },
  ])('$name', ({ annotations, now, patch, report }) => {
    const verdict = judgeWake('team', annotations, now);
    expect(verdict.report !== null).toBe(report);
    if (report) {
      expect(verdict.report).toMatch(/GitOps/);
      expect(verdict.annotations).toEqual({ ...patch, [A.drift]: verdict.report });
    } else expect(verdict.annotations).toEqual(patch);
  });

  it('a namespace flagged with drift is recognised', () => {
    expect(hasDrift({ [A.drift]: 'undone twice' })).toBe(true);
    expect(hasDrift({})).toBe(false);
  });
});
