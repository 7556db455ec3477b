import { expect } from 'vitest';
import { ANNOTATIONS, LABELS } from '../../src/common/annotations.js';
import { decideNamespace } from '../../src/namespace/decide-namespace.js';
import type { NamespaceObservation } from '../../src/namespace/namespace.js';
import type { ClusterPolicy } from '../../src/namespace/policy.js';

/** Shared by the decision tests: a Berlin business-hours cluster in November 2026 (UTC+1). */
export const POLICY: ClusterPolicy = {
  mode: 'opt-out',
  defaultUptime: 'Mon-Fri 08:00-19:00 Europe/Berlin',
  reminderOffsetsMinutes: [60, 30, 15],
  systemNamespaces: ['monitoring'],
  agentNamespace: 'curfew-system',
};

const DAYS = { mon: 2, tue: 3, wed: 4, thu: 5, fri: 6, sat: 7, sun: 8 } as const;

/** Berlin wall time in the week of Monday 2 November 2026, e.g. berlin('wed', '18:15'). */
export function berlin(day: keyof typeof DAYS, time: string): number {
  return Date.parse(`2026-11-${String(DAYS[day]).padStart(2, '0')}T${time}:00+01:00`);
}

export function iso(ms: number): string {
  const text = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${text.slice(0, 19)}Z` : text;
}

export function namespace(
  overrides: Partial<NamespaceObservation> & { annotations?: Record<string, string> } = {},
): NamespaceObservation {
  return {
    name: 'dev-alice',
    labels: { [LABELS.managed]: 'true' },
    runningPods: 3,
    scaledUpWorkloads: 2,
    phase: 'Active',
    ...overrides,
    annotations: { [ANNOTATIONS.owner]: 'alice@example.com', ...overrides.annotations },
  };
}

export const sentRecord = (offset: number, shutdown: number): string =>
  `${offset}@${iso(shutdown)}`;

/** One row of a decision table: deciding `obs` at `now` gives (at least) `expected`. */
export interface DecisionCase {
  name: string;
  obs: NamespaceObservation;
  now: number;
  policy?: Partial<ClusterPolicy>;
  expected: Record<string, unknown>;
}

export function checkDecision({ obs, now, policy, expected }: DecisionCase): void {
  expect(decideNamespace(obs, { ...POLICY, ...policy }, now)).toMatchObject(expected);
}
