/**
 * A bench's figures travel in its test's `meta`, which vitest's JSON reporter writes out
 * (`testResults[].assertionResults[].meta`). bin/bench reads them back to check that every
 * bench produced figures and to print the table for test/bench/README.md — no side files.
 */
import type { TaskMeta } from 'vitest';
import { type BenchSize, benchSize } from './size.js';

/** Name (with its unit, e.g. `routed/echo p50 (x)`, `RSS per agent (KiB)`) → value. */
export type Figures = Record<string, number>;

export interface BenchFigures {
  size: BenchSize;
  figures: Figures;
}

declare module 'vitest' {
  interface TaskMeta {
    bench?: BenchFigures;
  }
}

/**
 * Adds figures to the running bench test — `recordFigures(task, {…})` with the test context's
 * `task` — (call it as often as the bench measures things).
 * A figure that is not a finite number means the bench measured nothing: that fails the
 * bench, at any size, instead of printing NaN into the README.
 */
export function recordFigures(task: { meta: TaskMeta }, figures: Figures): void {
  for (const [name, value] of Object.entries(figures)) {
    if (!Number.isFinite(value)) {
      throw new Error(`bench figure "${name}" is ${value}: the bench did not measure it`);
    }
  }
  const meta = task.meta;
  meta.bench = { size: benchSize(), figures: { ...meta.bench?.figures, ...figures } };
}

export interface Percentiles {
  /** Milliseconds. */
  p50: number;
  /** Milliseconds. */
  p99: number;
}

/**
 * The figures of a measured case against its baseline from the same run: both cases' p50 and
 * p99 and their ratios, the only form of performance claim the benches make.
 */
export function versusBaseline(
  names: { measured: string; baseline: string },
  measured: Percentiles,
  baseline: Percentiles,
): Figures {
  return {
    [`${names.measured} p50 (ms)`]: measured.p50,
    [`${names.measured} p99 (ms)`]: measured.p99,
    [`${names.baseline} p50 (ms)`]: baseline.p50,
    [`${names.baseline} p99 (ms)`]: baseline.p99,
    [`${names.measured}/${names.baseline} p50 (x)`]: measured.p50 / baseline.p50,
    [`${names.measured}/${names.baseline} p99 (x)`]: measured.p99 / baseline.p99,
  };
}
