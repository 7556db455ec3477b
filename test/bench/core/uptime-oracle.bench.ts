/**
 * The long oracle run: nextBoundary against the brute-force oracle
 * (packages/core/test/support/uptime-oracle.ts) for thousands of random schedules in the DST
 * zones of issue 15 — a fifth of them kube-downscaler's uptime except downtime — three
 * boundaries each, instants crowded around clock changes (CI's test runs 40). Any disagreement
 * fails the bench with the schedule, the instant and the seed. Measured: Curfew's nextBoundary
 * against the oracle's minute-by-minute walk for the same answers (the baseline, same process,
 * same inputs). Nothing is asserted about time.
 * Run: bin/bench test/bench/core/uptime-oracle.bench.ts (ORACLE_SEED=<n> repeats a run).
 */
import fc from 'fast-check';
import { test } from 'vitest';
import {
  exceptDraft,
  instant,
  scheduleDraft,
} from '../../../packages/core/test/support/schedule-arbitraries.js';
import { checkAgainstOracle } from '../../../packages/core/test/support/uptime-oracle-check.js';
import { recordFigures } from '../support/figures.js';
import { sized } from '../support/size.js';

const { RUNS } = sized({ full: { RUNS: 3000 }, smoke: { RUNS: 10 } });
const SEED = Number(process.env.ORACLE_SEED ?? Date.now() % 2 ** 31);
const HORIZON_MS = 40 * 86_400_000;

test(`nextBoundary agrees with the oracle on ${RUNS} random schedules`, {
  timeout: 4 * 3_600_000,
}, ({ task }) => {
  const drafts = fc.oneof(
    { weight: 4, arbitrary: scheduleDraft },
    { weight: 1, arbitrary: exceptDraft },
  );
  const cases = fc.sample(fc.tuple(drafts, instant), { numRuns: RUNS, seed: SEED });
  const timing = { boundaries: 0, curfewMs: 0, oracleMs: 0 };
  for (const [draft, t] of cases) {
    checkAgainstOracle(draft, t, { horizonMs: HORIZON_MS, boundaries: 3, timing });
  }
  console.log(`uptime oracle: ${RUNS} schedules, ${timing.boundaries} boundaries, seed ${SEED}`);
  recordFigures(task, {
    schedules: RUNS,
    'boundaries equal to the oracle': timing.boundaries,
    'nextBoundary mean (ms)': timing.curfewMs / timing.boundaries,
    'oracle walk mean (ms)': timing.oracleMs / timing.boundaries,
    'oracle/nextBoundary time (x)': timing.oracleMs / timing.curfewMs,
  });
});
