/**
 * What a namespace's cloud resources cost while they run. Prices are configured per instance
 * type and DB instance class (`ec2/t3.medium`, `rds/db.r6g.large`: on-demand $ per hour); an
 * RDS cluster costs what its member instances cost. Only compute is priced: a stopped EC2
 * instance or database still pays for its storage, which a suspend does not save.
 */
import { CurfewInputError } from '../common/errors.js';
import { costPerDay, type RequestedResources, type ResourcePrices } from '../cost/cost.js';
import { type CloudResource, cloudPhase } from './cloud-resource.js';

/** `ec2/<instance type>` or `rds/<DB instance class>` → US dollars per hour. */
export type CloudPrices = Readonly<Record<string, number>>;

const PRICE_KEY = /^(ec2|rds)\/[a-z0-9][a-z0-9.-]*$/;

/** Throws a CurfewInputError naming the first bad entry and how to write it. */
export function validateCloudPrices(prices: Readonly<Record<string, unknown>>): CloudPrices {
  for (const [key, value] of Object.entries(prices)) {
    if (!PRICE_KEY.test(key)) {
      throw new CurfewInputError(
        `cloud price key "${key}" is not ec2/<instance type> or rds/<DB instance class>`,
        'write e.g. "ec2/t3.medium" or "rds/db.t3.medium" (lowercase, as AWS spells them)',
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new CurfewInputError(
        `cloud price "${key}" must be a non-negative number of dollars per hour, got ${String(value)}`,
        'set it to the on-demand hourly price, e.g. 0.0416',
      );
    }
  }
  return prices as CloudPrices;
}

/** Dollars per hour while it runs; undefined when no price covers it. */
export function cloudHourlyPrice(
  resource: Pick<CloudResource, 'kind' | 'size' | 'memberSizes'>,
  prices: CloudPrices,
): number | undefined {
  if (resource.kind === 'rds-cluster') {
    const priced = (resource.memberSizes ?? [])
      .map((size) => prices[`rds/${size}`])
      .filter((p) => p !== undefined);
    return priced.length > 0 ? priced.reduce((sum, p) => sum + p, 0) : undefined;
  }
  if (!resource.size) return undefined;
  return prices[`${resource.kind}/${resource.size}`];
}

export interface PricedCloudResource {
  kind: CloudResource['kind'];
  state: string;
  /** Undefined when no price is configured for it. */
  dollarsPerHour?: number;
}

/**
 * The hourly prices of the resources that are billed now: everything but stopped, stopping
 * and gone (AWS stops billing compute once a stop begins, and bills a database being started).
 */
export function runningCloudCostPerHour(resources: readonly PricedCloudResource[]): number {
  let sum = 0;
  for (const resource of resources) {
    const phase = cloudPhase(resource);
    const billed = phase !== 'stopped' && phase !== 'stopping' && phase !== 'gone';
    if (billed && resource.dollarsPerHour !== undefined) sum += resource.dollarsPerHour;
  }
  return sum;
}

/**
 * Dollars per day for a namespace: its pod requests at its cluster's prices plus its priced
 * cloud resources that are billed now. Undefined when there is nothing to price (no prices
 * known and no priced cloud resource running), so nobody reads "$0.00" as "free".
 */
export function namespaceCostPerDay(
  requested: RequestedResources | undefined,
  prices: ResourcePrices | undefined,
  cloud: readonly PricedCloudResource[],
): number | undefined {
  const pods =
    requested && prices && (Number(requested.cpuMillis) > 0 || Number(requested.memoryBytes) > 0)
      ? costPerDay(requested, prices)
      : undefined;
  const pricedCloud = cloud.some((r) => r.dollarsPerHour !== undefined);
  const cloudDay = runningCloudCostPerHour(cloud) * 24;
  if (pods === undefined && (!pricedCloud || cloudDay === 0)) return undefined;
  return (pods ?? 0) + cloudDay;
}
