/**
 * The one size knob of every benchmark. `CURFEW_BENCH_SIZE=full` (the default) is the size the
 * figures in test/bench/README.md are taken at; `smoke` is a few seconds' worth that bin/test
 * runs on every change, so a bench that no longer starts fails CI instead of rotting unnoticed.
 */
export const BENCH_SIZE_ENV = 'CURFEW_BENCH_SIZE';

export type BenchSize = 'full' | 'smoke';

/** The size this run asked for; a value other than full/smoke is an error, never a guess. */
export function benchSize(env: NodeJS.ProcessEnv = process.env): BenchSize {
  const value = env[BENCH_SIZE_ENV];
  if (value === undefined || value === '' || value === 'full') return 'full';
  if (value === 'smoke') return 'smoke';
  throw new Error(`${BENCH_SIZE_ENV}="${value}" is not a size: set it to "full" or "smoke"`);
}

/** Picks a bench's parameters for this run's size: `sized({ full: {…}, smoke: {…} })`. */
export function sized<T>(sizes: Record<BenchSize, T>, env: NodeJS.ProcessEnv = process.env): T {
  return sizes[benchSize(env)];
}
