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

/**
 * Dollars as people read an estimate, one rule everywhere (cost per day, hourly prices, savings):
 * from $10 whole dollars with thousands separators ("$12", "$1,235": cents there are noise the
 * estimate does not have), below that cents ("$3.36"), below a cent one significant digit
 * ("$0.004", so a small namespace never shows as "$0.00"), and nothing as "$0".
 */
export function formatDollars(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`not an amount of dollars: ${amount}`);
  if (amount < 0) return `-${formatDollars(-amount)}`;
  if (amount === 0) return '$0';
  if (amount < 0.01) return `$${Number(amount.toPrecision(1))}`;
  const cents = Math.round(amount * 100) / 100;
  if (cents < 10) return `$${cents.toFixed(2)}`;
  return `$${Math.round(amount).toLocaleString('en-US')}`;
}

/** To the cent, for figures an API returns (totals are rounded after summing, never before). */
export function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
