/**
 * The long fuzz run: every parser on a million generated inputs at full size (the properties of
 * packages/core/test/support/parser-fuzz.ts; CI's test runs them on 400 inputs each, the smoke
 * size on 2,000). A failure throws fast-check's report with the seed and the shrunk input.
 * Measured per parser: generating the inputs alone (the baseline, same process, the same inputs
 * by seed) against generating, parsing and checking them — the ratio is what parsing and the
 * checks cost on top of generation. Nothing is asserted about time.
 * Run: bin/bench test/bench/core/parsers-fuzz.bench.ts (FUZZ_SEED=<n> repeats a run).
 */
import fc from 'fast-check';
import { test } from 'vitest';
import { FUZZ_TARGETS, fuzz } from '../../../packages/core/test/support/parser-fuzz.js';
import { recordFigures } from '../support/figures.js';
import { sized } from '../support/size.js';

const { RUNS } = sized({ full: { RUNS: 1_000_000 }, smoke: { RUNS: 2_000 } });
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

test(`every parser on ${RUNS} generated inputs`, { timeout: 4 * 3_600_000 }, ({ task }) => {
  console.log(`parser fuzz: ${RUNS} inputs per parser, seed ${SEED}`);
  recordFigures(task, { 'inputs per parser': RUNS });
  for (const target of FUZZ_TARGETS) {
    const t0 = performance.now();
    fc.assert(
      fc.property(target.input, () => {}),
      { numRuns: RUNS, seed: SEED },
    );
    const generated = performance.now() - t0;
    const t1 = performance.now();
    fuzz(target, RUNS, SEED);
    const checked = performance.now() - t1;
    recordFigures(task, {
      [`${target.name} inputs checked per second`]: Math.round(RUNS / (checked / 1000)),
      [`${target.name} check/generation alone (x)`]: checked / generated,
    });
  }
});
