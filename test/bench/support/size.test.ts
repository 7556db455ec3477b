import { describe, expect, it } from 'vitest';
import { benchSize, sized } from './size.js';

describe('the bench size knob', () => {
  it('is the full size when CURFEW_BENCH_SIZE is unset or empty', () => {
    expect(benchSize({})).toBe('full');
    expect(benchSize({ CURFEW_BENCH_SIZE: '' })).toBe('full');
  });

  it('picks the smoke parameters when CURFEW_BENCH_SIZE=smoke', () => {
    expect(sized({ full: 2_000, smoke: 20 }, { CURFEW_BENCH_SIZE: 'smoke' })).toBe(20);
    expect(sized({ full: 2_000, smoke: 20 }, { CURFEW_BENCH_SIZE: 'full' })).toBe(2_000);
  });

  it('refuses a size it does not know, saying which sizes exist', () => {
    expect(() => benchSize({ CURFEW_BENCH_SIZE: 'small' })).toThrow(
      'CURFEW_BENCH_SIZE="small" is not a size: set it to "full" or "smoke"',
    );
  });
});
