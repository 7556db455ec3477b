/**
 * "≈ $1.23 per day" for a namespace: its requests at its cluster's prices plus its priced cloud
 * resources that are billed now (SPEC: reminders and App Home show cost per day). Undefined when
 * there is nothing to price: no prices known and no priced cloud resource running (a suspended
 * namespace with its database stopped costs nothing of compute).
 */
import {
  CLOUD_KINDS,
  type CloudKind,
  formatDollars,
  namespaceCostPerDay,
  type PricedCloudResource,
  type ResourcePrices,
} from '@curfew/core';
import type { CloudResource, NamespaceSummary } from '@curfew/proto';

export function costPerDayText(
  requested: NamespaceSummary['requested'],
  prices: ResourcePrices | undefined,
  cloud: readonly CloudResource[] = [],
): string | undefined {
  const day = namespaceCostPerDay(requested, prices, pricedCloud(cloud));
  return day === undefined ? undefined : `≈ ${formatDollars(day)} per day`;
}

/** The protocol's resources as core prices them (a kind this hub does not know is skipped). */
export function pricedCloud(cloud: readonly CloudResource[]): PricedCloudResource[] {
  return cloud
    .filter((r) => (CLOUD_KINDS as readonly string[]).includes(r.kind))
    .map((r) => ({
      kind: r.kind as CloudKind,
      state: r.state,
      ...(r.dollarsPerHour !== undefined ? { dollarsPerHour: r.dollarsPerHour } : {}),
    }));
}
