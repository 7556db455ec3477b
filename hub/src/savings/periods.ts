/**
 * The savings estimate, pure: suspended periods × what the namespace requested while it
 * ran × its cluster's prices, plus the hourly prices of the cloud resources Curfew stopped
 * with it (EC2, RDS; priced by the agent's configuration). It is an estimate and says so: it
 * assumes the nodes those requests needed were really given back (cluster autoscaler), prices
 * periods at the cluster's prices of today, counts compute only (storage is paid while
 * stopped), and cannot price a namespace the hub never saw running.
 */
import { costForDuration, type ResourcePrices } from '@curfew/core';
import type { SuspensionPeriod } from '../ports.js';

/** Requests while last running (the port's shape: see ports.ts). */
export type Footprint = NonNullable<SuspensionPeriod['footprint']>;

export type SuspendedPeriod = SuspensionPeriod;

export interface NamespaceSavings {
  cluster: string;
  namespace: string;
  suspendedHours: number;
  estimatedSavings: number;
  /** The part of estimatedSavings from stopped cloud resources. */
  cloudSavings: number;
  /** False when no running footprint is known: its hours count, its pods' dollars are 0. */
  priced: boolean;
}

export interface SavingsEstimate {
  suspendedHours: number;
  estimatedSavings: number;
  cloudSavings: number;
  namespaces: NamespaceSavings[];
}

const HOUR_MS = 3_600_000;

export function estimateSavings(
  periods: readonly SuspendedPeriod[],
  pricesOf: (clusterId: string) => ResourcePrices | undefined,
  from: number,
  to: number,
): SavingsEstimate {
  const byNamespace = new Map<string, NamespaceSavings>();
  for (const period of periods) {
    const overlap = Math.min(period.end, to) - Math.max(period.start, from);
    if (overlap <= 0) continue;
    const key = `${period.clusterId}/${period.namespace}`;
    const entry = byNamespace.get(key) ?? {
      cluster: period.clusterId,
      namespace: period.namespace,
      suspendedHours: 0,
      estimatedSavings: 0,
      cloudSavings: 0,
      priced: true,
    };
    const prices = pricesOf(period.clusterId);
    entry.suspendedHours += overlap / HOUR_MS;
    if (period.footprint && prices) {
      entry.estimatedSavings += costForDuration(period.footprint, prices, overlap);
    } else {
      entry.priced = false;
    }
    if (period.cloudDollarsPerHour) {
      const cloud = (period.cloudDollarsPerHour * overlap) / HOUR_MS;
      entry.cloudSavings += cloud;
      entry.estimatedSavings += cloud;
    }
    byNamespace.set(key, entry);
  }
  const namespaces = [...byNamespace.values()].sort(
    (a, b) =>
      b.estimatedSavings - a.estimatedSavings ||
      a.cluster.localeCompare(b.cluster) ||
      a.namespace.localeCompare(b.namespace),
  );
  return {
    suspendedHours: namespaces.reduce((sum, n) => sum + n.suspendedHours, 0),
    estimatedSavings: namespaces.reduce((sum, n) => sum + n.estimatedSavings, 0),
    cloudSavings: namespaces.reduce((sum, n) => sum + n.cloudSavings, 0),
    namespaces,
  };
}
