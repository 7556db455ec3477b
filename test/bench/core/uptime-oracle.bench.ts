/**
 * The long oracle run: nextBoundary against the brute-force oracle (test/support/uptime-oracle.ts
 * in @curfew/core) for thousands of random schedules in the DST zones of issue 15 (a fifth of
 * them kube-downscaler's uptime except downtime), three
 * boundaries each, instants crowded around clock changes (CI runs 40). Printed: the time Curfew's
 * nextBoundary takes for the same answers as the oracle's minute-by-minute walk (the baseline,
 * same process, same inputs), as a ratio. Nothing is asserted about time.
 * Run: node_modules/.bin/vitest bench --run test/bench/core/uptime-oracle.bench.ts
 * (ORACLE_RUNS=<n>, ORACLE_SEED=<n>).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  downscalerSchedule,
  nextBoundary,
  parseSchedule,
} from '../../../packages/core/src/index.js';
import {
  exceptDraft,
  instant,
  scheduleDraft,
} from '../../../packages/core/test/support/schedule-arbitraries.js';
import { oracleNextBoundary } from '../../../packages/core/test/support/uptime-oracle.js';

const RUNS = Number(process.env.ORACLE_RUNS ?? 3000);
const SEED = Number(process.env.ORACLE_SEED ?? Date.now() % 2 ** 31);
const HORIZON = 40 * 86_400_000;
const BOUNDARIES = 3;

test(`nextBoundary agrees with the oracle on ${RUNS} random schedules`, {
  timeout: 4 * 3_600_000,
}, () => {
  const drafts = fc.oneof(
    { weight: 4, arbitrary: scheduleDraft },
    { weight: 1, arbitrary: exceptDraft },
  );
  const cases = fc.sample(fc.tuple(drafts, instant), { numRuns: RUNS, seed: SEED });
  let oracleMs = 0;
  let curfewMs = 0;
  let compared = 0;
  for (const [draft, t] of cases) {
    const schedule =
      draft.downtimeText === undefined
        ? parseSchedule(draft.text)
        : downscalerSchedule({ uptime: draft.text, downtime: draft.downtimeText });
    let from = t;
    for (let i = 0; i < BOUNDARIES; i++) {
      const o0 = performance.now();
      const expected = oracleNextBoundary(draft.oracle, from, HORIZON);
      const c0 = performance.now();
      const actual = nextBoundary(schedule, from);
      curfewMs += performance.now() - c0;
      oracleMs += c0 - o0;
      compared++;
      const spec = `${draft.text}${draft.downtimeText === undefined ? '' : ` except ${draft.downtimeText}`}`;
      const where = `'${spec}' after ${new Date(from).toISOString()} (seed ${SEED})`;
      if (expected === null) {
        if (actual !== null) expect(actual.at, where).toBeGreaterThan(from + HORIZON);
        break;
      }
      expect(actual, where).toEqual(expected);
      from = expected.at;
    }
  }
  console.log(
    `uptime oracle: ${RUNS} schedules, ${compared} boundaries equal to the oracle's (seed ${SEED}); nextBoundary ${(curfewMs / compared).toFixed(3)} ms each, the minute-by-minute oracle ${(oracleMs / compared).toFixed(1)} ms each (${(oracleMs / curfewMs).toFixed(0)}× slower)`,
  );
});
