import { describe, expect, it } from 'vitest';
import { isCurfewInputError } from '../../src/common/errors.js';
import {
  costForDuration,
  costPerDay,
  costPerHour,
  formatDollars,
  roundCents,
} from '../../src/cost/cost.js';

const GIB = 2 ** 30;
const prices = { vcpuHour: 0.04, gibHour: 0.005 };

describe('costPerDay', () => {
  it.each([
    { name: 'nothing requested costs nothing', cpu: 0, mem: 0, day: 0 },
    { name: 'one vCPU for a day costs 24 vCPU-hours', cpu: 1_000, mem: 0, day: 0.96 },
    { name: 'half a vCPU costs half', cpu: 500, mem: 0, day: 0.48 },
    { name: 'one GiB for a day costs 24 GiB-hours', cpu: 0, mem: GIB, day: 0.12 },
    { name: 'CPU and memory add up', cpu: 2_000, mem: 4 * GIB, day: 1.92 + 0.48 },
    {
      name: 'int64 bigints from the protocol are accepted',
      cpu: 1_000n,
      mem: BigInt(GIB),
      day: 1.08,
    },
    { name: 'negative requests (a bug upstream) count as zero', cpu: -5, mem: -1, day: 0 },
  ])('$name', ({ cpu, mem, day }) => {
    expect(costPerDay({ cpuMillis: cpu, memoryBytes: mem }, prices)).toBeCloseTo(day, 10);
  });

  it.each([
    { name: 'a negative vCPU price is refused', bad: { vcpuHour: -1, gibHour: 0 } },
    { name: 'a NaN memory price is refused', bad: { vcpuHour: 0, gibHour: Number.NaN } },
    { name: 'an infinite price is refused', bad: { vcpuHour: Infinity, gibHour: 0 } },
  ])('$name with a hint', ({ bad }) => {
    let caught: unknown;
    try {
      costPerDay({ cpuMillis: 1, memoryBytes: 1 }, bad);
    } catch (error) {
      caught = error;
    }
    expect(isCurfewInputError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/non-negative/);
  });
});

describe('costForDuration', () => {
  it.each([
    { name: 'an hour costs the hourly price', ms: 3_600_000, cost: 0.04 + 0.005 },
    { name: 'ninety minutes cost one and a half hours', ms: 5_400_000, cost: 1.5 * 0.045 },
    { name: 'a negative duration costs nothing', ms: -1, cost: 0 },
  ])('$name', ({ ms, cost }) => {
    const requested = { cpuMillis: 1_000, memoryBytes: GIB };
    expect(costForDuration(requested, prices, ms)).toBeCloseTo(cost, 10);
    expect(costPerHour(requested, prices)).toBeCloseTo(0.045, 10);
  });
});

describe('formatDollars', () => {
  it.each([
    { name: 'nothing shows as $0, not as a made-up $0.00', amount: 0, text: '$0' },
    { name: 'a fraction of a cent keeps one significant digit', amount: 0.0042, text: '$0.004' },
    { name: 'just under a cent rounds up to the cent', amount: 0.0096, text: '$0.01' },
    { name: 'cents are rounded to two places', amount: 1.005_1, text: '$1.01' },
    { name: 'small amounts keep their cents', amount: 3.36, text: '$3.36' },
    { name: 'an amount that rounds to $10 is said in whole dollars', amount: 9.996, text: '$10' },
    { name: 'from $10 whole dollars: cents would be noise', amount: 12.34, text: '$12' },
    { name: 'half a dollar rounds up', amount: 42.5, text: '$43' },
    { name: 'large amounts are whole dollars with separators', amount: 1234.5, text: '$1,235' },
    { name: 'very large amounts too', amount: 1_234_567.89, text: '$1,234,568' },
    { name: 'a negative amount keeps its sign', amount: -12.34, text: '-$12' },
  ])('$name', ({ amount, text }) => {
    expect(formatDollars(amount)).toBe(text);
  });
});

describe('roundCents', () => {
  it.each([
    { name: 'a long fraction becomes cents', amount: 12.345_678, rounded: 12.35 },
    { name: 'a fraction of a cent below half becomes nothing', amount: 0.004, rounded: 0 },
    { name: 'whole cents stay', amount: 0.56, rounded: 0.56 },
  ])('$name', ({ amount, rounded }) => {
    expect(roundCents(amount)).toBe(rounded);
  });
});
