import { describe, expect, it } from 'vitest';
import { estimateSavings, type SuspendedPeriod } from '../src/savings/periods.js';

const H = 3_600_000;
const GIB = 2 ** 30;
const prices = { vcpuHour: 0.04, gibHour: 0.01 };
const footprint = { cpuMillis: 2_000, memoryBytes: 4 * GIB }; // $0.12 an hour

function period(start: number, end: number, extra: Partial<SuspendedPeriod> = {}): SuspendedPeriod {
  return { clusterId: 'c', namespace: 'ns', start, end, footprint, ...extra };
}

describe('estimateSavings', () => {
  it.each([
    {
      name: 'a period inside the window counts whole',
      p: [period(1 * H, 3 * H)],
      hours: 2,
      usd: 0.24,
    },
    {
      name: 'a period starting before the window is clipped',
      p: [period(-5 * H, 1 * H)],
      hours: 1,
      usd: 0.12,
    },
    {
      name: 'a period ending after the window is clipped',
      p: [period(9 * H, 20 * H)],
      hours: 1,
      usd: 0.12,
    },
    {
      name: 'a period outside the window counts nothing',
      p: [period(11 * H, 12 * H)],
      hours: 0,
      usd: 0,
    },
    {
      name: 'two periods of one namespace add up',
      p: [period(0, H), period(2 * H, 4 * H)],
      hours: 3,
      usd: 0.36,
    },
    {
      name: 'the cloud resources Curfew stopped add their hourly prices',
      p: [period(0, 2 * H, { cloudDollarsPerHour: 0.5 })],
      hours: 2,
      usd: 0.24 + 1,
    },
    {
      name: 'a namespace never seen running still saves its stopped database',
      p: [period(0, 2 * H, { footprint: undefined, cloudDollarsPerHour: 0.25 })],
      hours: 2,
      usd: 0.5,
    },
    {
      name: 'a namespace never seen running counts hours but no dollars',
      p: [period(0, 2 * H, { footprint: undefined })],
      hours: 2,
      usd: 0,
    },
  ])('$name', ({ p, hours, usd }) => {
    const estimate = estimateSavings(p, () => prices, 0, 10 * H);
    expect(estimate.suspendedHours).toBeCloseTo(hours, 9);
    expect(estimate.estimatedSavings).toBeCloseTo(usd, 9);
    const cloud = p.reduce(
      (sum, x) => sum + ((x.cloudDollarsPerHour ?? 0) * (x.end - x.start)) / H,
      0,
    );
    expect(estimate.cloudSavings).toBeCloseTo(cloud, 9);
  });

  it('lists namespaces by savings, largest first, each priced at its own cluster', () => {
    const estimate = estimateSavings(
      [
        period(0, H, { clusterId: 'cheap', namespace: 'a' }),
        period(0, H, { clusterId: 'dear', namespace: 'b' }),
        period(0, H, { clusterId: 'cheap', namespace: 'c', footprint: undefined }),
      ],
      (id) => (id === 'dear' ? { vcpuHour: 1, gibHour: 0 } : prices),
      0,
      H,
    );
    expect(estimate.namespaces).toEqual([
      {
        cluster: 'dear',
        namespace: 'b',
        suspendedHours: 1,
        estimatedSavings: 2,
        cloudSavings: 0,
        priced: true,
      },
      {
        cluster: 'cheap',
        namespace: 'a',
        suspendedHours: 1,
        estimatedSavings: expect.closeTo(0.12, 9),
        cloudSavings: 0,
        priced: true,
      },
      {
        cluster: 'cheap',
        namespace: 'c',
        suspendedHours: 1,
        estimatedSavings: 0,
        cloudSavings: 0,
        priced: false,
      },
    ]);
  });
});
