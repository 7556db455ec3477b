import { describe, it } from 'vitest';
import { FUZZ_TARGETS, fuzz } from '../support/parser-fuzz.js';

/**
 * A short run of every parser's fuzzing (test/support/parser-fuzz.ts) in each CI run; the long
 * run, a million inputs per parser, is test/bench/core/parsers-fuzz.bench.ts.
 */
describe('every parser refuses bad input clearly and accepts only what its grammar allows', () => {
  it.each(FUZZ_TARGETS)('$name', (target) => {
    fuzz(target, 400);
  });
});
