import { describe, expect, it } from 'vitest';
import { checkBenchReport, figuresTable, formatFigure, strayFiles } from './report.js';

const root = '/repo';
const passed = (fullName: string, figures?: Record<string, number>) => ({
  fullName,
  status: 'passed',
  ...(figures ? { meta: { bench: { size: 'smoke' as const, figures } } } : { meta: {} }),
});
const file = (name: string, assertionResults: ReturnType<typeof passed>[], status = 'passed') => ({
  name: `${root}/${name}`,
  status,
  assertionResults,
});

describe('checking a bench run', () => {
  it('passes when every bench file ran and every test recorded figures', () => {
    const report = {
      testResults: [
        file('test/bench/a.bench.ts', [passed('one', { x: 1.5 }), passed('two', { y: 2 })]),
      ],
    };
    const { rows, problems } = checkBenchReport(report, ['test/bench/a.bench.ts'], root);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.test, r.figure, r.value])).toEqual([
      ['one', 'x', 1.5],
      ['two', 'y', 2],
    ]);
  });

  it('reports a bench file that did not run', () => {
    const { problems } = checkBenchReport({ testResults: [] }, ['test/bench/new.bench.ts'], root);
    expect(problems).toEqual([
      'test/bench/new.bench.ts did not run: bench files must match test/bench/**/*.bench.ts',
    ]);
  });

  it('reports a test that recorded no figures, saying how to record them', () => {
    const report = { testResults: [file('test/bench/a.bench.ts', [passed('bare')])] };
    const { problems } = checkBenchReport(report, ['test/bench/a.bench.ts'], root);
    expect(problems).toEqual([
      'test/bench/a.bench.ts > bare recorded no figures: call recordFigures(task, {…}) from test/bench/support (see test/bench/README.md)',
    ]);
  });

  it('reports a failed test and a file without tests', () => {
    const failed = { ...passed('broken', { x: 1 }), status: 'failed' };
    const report = {
      testResults: [
        file('test/bench/a.bench.ts', [failed], 'failed'),
        { ...file('test/bench/b.bench.ts', [], 'failed'), message: 'SyntaxError: oops' },
      ],
    };
    const { problems } = checkBenchReport(
      report,
      ['test/bench/a.bench.ts', 'test/bench/b.bench.ts'],
      root,
    );
    expect(problems).toEqual([
      'test/bench/a.bench.ts > broken failed: see its output above',
      'test/bench/b.bench.ts has no test: SyntaxError: oops',
    ]);
  });

  it('reports a file under test/bench/ that is neither a bench, a README nor a support helper', () => {
    expect(
      strayFiles([
        'test/bench/README.md',
        'test/bench/hub/hub.bench.ts',
        'test/bench/support/size.ts',
        'test/bench/hub/hub-bench.ts',
      ]),
    ).toEqual([
      'test/bench/hub/hub-bench.ts is not a benchmark bin/bench runs: name a benchmark *.bench.ts, or move a helper into a support/ folder',
    ]);
  });
});

describe('the figures table', () => {
  it('rounds to three significant digits below 100 and to whole numbers above', () => {
    expect([0.012345, 6.8123, 47.04, 123.6, 20_000].map(formatFigure)).toEqual([
      '0.0123',
      '6.81',
      '47',
      '124',
      '20,000',
    ]);
  });

  it('names the command that reproduces each test once, on its first line', () => {
    const rows = [
      { file: 'test/bench/a.bench.ts', test: 't', size: 'full' as const, figure: 'x', value: 1 },
      { file: 'test/bench/a.bench.ts', test: 't', size: 'full' as const, figure: 'y', value: 2 },
    ];
    expect(figuresTable(rows).split('\n').slice(2)).toEqual([
      '| `bin/bench test/bench/a.bench.ts` | t | x | 1 |',
      '|  |  | y | 2 |',
    ]);
  });
});
