import { describe, expect, it } from 'vitest';
import { recordFigures, versusBaseline } from './figures.js';
import { benchSize } from './size.js';

describe('recording figures', () => {
  it('merges the figures of several calls into the test meta, with the run size', () => {
    const task = { meta: {} };
    recordFigures(task, { a: 1 });
    recordFigures(task, { b: 2 });
    expect(task).toEqual({ meta: { bench: { size: benchSize(), figures: { a: 1, b: 2 } } } });
  });

  it('fails the bench when a figure is not a finite number', () => {
    expect(() => recordFigures({ meta: {} }, { 'ratio (x)': Number.NaN })).toThrow(
      'bench figure "ratio (x)" is NaN: the bench did not measure it',
    );
    expect(() => recordFigures({ meta: {} }, { 'ratio (x)': Infinity })).toThrow('Infinity');
  });

  it('states a measured case against its baseline as p50 and p99 with their ratios', () => {
    expect(
      versusBaseline({ measured: 'hub', baseline: 'echo' }, { p50: 6, p99: 9 }, { p50: 2, p99: 3 }),
    ).toEqual({
      'hub p50 (ms)': 6,
      'hub p99 (ms)': 9,
      'echo p50 (ms)': 2,
      'echo p99 (ms)': 3,
      'hub/echo p50 (x)': 3,
      'hub/echo p99 (x)': 3,
    });
  });
});
