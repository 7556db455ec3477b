/**
 * What a namespace's resource requests cost (SPEC "More from the field → Cost"): the agent
 * sums pod requests, the hub prices them per cluster. Requests, not usage, because requests
 * are what the scheduler reserves and so what the nodes (and the bill) are sized for.
 */
import { CurfewInputError } from '../common/errors.js';

/** Prices in US dollars; memory is priced per GiB (2^30 bytes), as cloud price lists do. */
export interface ResourcePrices {
  vcpuHour: number;
  gibHour: number;
}

/** Summed pod resource requests; bigint because the protocol carries them as int64. */
export interface RequestedResources {
  cpuMillis: number | bigint;
  memoryBytes: number | bigint;
}

const GIB = 2 ** 30;
const HOUR_MS = 3_600_000;

function checkPrices(prices: ResourcePrices): void {
  for (const [name, value] of Object.entries(prices)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new CurfewInputError(
        `price ${name} must be a non-negative number of dollars, got ${String(value)}`,
        'set it to e.g. 0.0316 ($ per vCPU-hour) or 0.0042 ($ per GiB-hour), or 0 to not price it',
      );
    }
  }
}

/** Dollars per hour for these requests at these prices. */
export function costPerHour(requested: RequestedResources, prices: ResourcePrices): number {
  checkPrices(prices);
  const vcpus = Math.max(0, Number(requested.cpuMillis)) / 1_000;
  const gib = Math.max(0, Number(requested.memoryBytes)) / GIB;
  return vcpus * prices.vcpuHour + gib * prices.gibHour;
}

/** Dollars per day (24 hours) for these requests at these prices. */
export function costPerDay(requested: RequestedResources, prices: ResourcePrices): number {
  return costPerHour(requested, prices) * 24;
}

/** Dollars for holding these requests for `durationMs`. */
export function costForDuration(
  requested: RequestedResources,
  prices: ResourcePrices,
  durationMs: number,
): number {
  return (costPerHour(requested, prices) * Math.max(0, durationMs)) / HOUR_MS;
}

/** "$1.23", "$0.004" for tiny amounts (so a small namespace never shows as "$0.00"). */
export function formatDollars(amount: number): string {
  if (amount > 0 && amount < 0.01) return `$${amount.toPrecision(1)}`;
  return `$${amount.toFixed(2)}`;
}
