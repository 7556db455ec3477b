/**
 * Reads vitest's JSON report of a `vitest bench` run: which bench files ran, whether each test
 * passed and recorded its figures (see figures.ts), and the figures as a Markdown table for
 * test/bench/README.md. Pure: the caller reads the files.
 */
import { relative } from 'node:path';
import type { BenchFigures } from './figures.js';

/** The part of vitest's JSON reporter output this reads. */
export interface VitestJsonReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; meta?: { bench?: BenchFigures } }[];
  }[];
}

export interface FigureRow {
  /** Bench file relative to the repository root, e.g. `test/bench/hub/hub.bench.ts`. */
  file: string;
  test: string;
  size: BenchFigures['size'];
  figure: string;
  value: number;
}

export interface BenchReport {
  rows: FigureRow[];
  /** Each is a sentence saying what is wrong and what to do; empty when all is well. */
  problems: string[];
}

/**
 * Checks that every one of `expected` (bench files relative to `root`) ran, passed, and that
 * every test in it recorded figures; a bench file nobody wired in is a problem, not a skip.
 */
export function checkBenchReport(
  report: VitestJsonReport,
  expected: readonly string[],
  root: string,
): BenchReport {
  const rows: FigureRow[] = [];
  const problems: string[] = [];
  const byFile = new Map(report.testResults.map((r) => [relative(root, r.name), r]));
  for (const file of [...expected].sort()) {
    const result = byFile.get(file);
    if (!result) {
      problems.push(`${file} did not run: bench files must match test/bench/**/*.bench.ts`);
      continue;
    }
    if (result.assertionResults.length === 0) {
      problems.push(
        `${file} has no test: ${result.message || 'write each bench as a vitest test()'}`,
      );
    }
    for (const test of result.assertionResults) {
      const name = `${file} > ${test.fullName}`;
      if (test.status !== 'passed') {
        problems.push(`${name} ${test.status}: see its output above`);
        continue;
      }
      const bench = test.meta?.bench;
      if (!bench || Object.keys(bench.figures).length === 0) {
        problems.push(
          `${name} recorded no figures: call recordFigures(task, {…}) from test/bench/support (see test/bench/README.md)`,
        );
        continue;
      }
      for (const [figure, value] of Object.entries(bench.figures)) {
        rows.push({ file, test: test.fullName, size: bench.size, figure, value });
      }
    }
  }
  return { rows, problems };
}

/** A benchmark file, as vitest's `benchmark.include` in vitest.config.ts selects them. */
export const BENCH_FILES = 'test/bench/**/*.bench.ts';

/**
 * Files under test/bench/ that bin/bench would never run: anything but a `*.bench.ts` file, a
 * README, or a helper under a `support/` folder — most likely a benchmark with the wrong name.
 */
export function strayFiles(files: readonly string[]): string[] {
  return files
    .filter((f) => !f.endsWith('.bench.ts') && !f.endsWith('README.md'))
    .filter((f) => !f.split('/').includes('support'))
    .map(
      (f) =>
        `${f} is not a benchmark bin/bench runs: name a benchmark *.bench.ts, or move a helper into a support/ folder`,
    );
}

/** Three significant digits below 100, whole numbers above: figures, not noise. */
export function formatFigure(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

/** The README's table: one line per figure, the command that reproduces it on each bench's first line. */
export function figuresTable(rows: readonly FigureRow[]): string {
  const lines = ['| bench (command) | test | figure | value |', '| --- | --- | --- | --- |'];
  let previous = '';
  for (const row of rows) {
    const key = `${row.file}\0${row.test}`;
    const first = key !== previous;
    previous = key;
    const command =
      row.size === 'full'
        ? `bin/bench ${row.file}`
        : `CURFEW_BENCH_SIZE=smoke bin/bench ${row.file}`;
    lines.push(
      `| ${first ? `\`${command}\`` : ''} | ${first ? row.test : ''} | ${row.figure} | ${formatFigure(row.value)} |`,
    );
  }
  return lines.join('\n');
}
