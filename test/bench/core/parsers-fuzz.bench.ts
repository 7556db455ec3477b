/**
 * The long fuzz run: every parser on a million generated inputs (test/support/parser-fuzz.ts in
 * @curfew/core; CI runs the same properties on 400 inputs each). A failure throws fast-check's
 * report with the seed and the shrunk input. Printed per parser: the time to generate the
 * inputs alone (the baseline, same process, same inputs by seed) and to generate and check them,
 * and their ratio. Nothing is asserted about time.
 * Run: node_modules/.bin/vitest bench --run test/bench/core/parsers-fuzz.bench.ts
 * (FUZZ_RUNS=<n> for another size, FUZZ_SEED=<n> to repeat a run).
 */
import fc from 'fast-check';
import { test } from 'vitest';
import { FUZZ_TARGETS, fuzz } from '../../../packages/core/test/support/parser-fuzz.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

test(`every parser on ${RUNS} generated inputs`, { timeout: 4 * 3_600_000 }, () => {
  console.log(`parser fuzz: ${RUNS} inputs per parser, seed ${SEED}`);
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
    console.log(
      `${target.name.padEnd(18)} ${RUNS} inputs: generate ${(generated / 1000).toFixed(1)} s, generate + parse + check ${(checked / 1000).toFixed(1)} s (${(checked / generated).toFixed(2)}× the generation alone, ${Math.round(RUNS / (checked / 1000))} inputs/s)`,
    );
  }
});
