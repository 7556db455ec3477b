/**
 * "≈ $1.23 per day" for a namespace's requests at its cluster's prices (SPEC: reminders
 * and App Home show cost per day). Undefined when there is nothing to price: no prices
 * known (an older hub port) or nothing requested (a suspended namespace costs nothing).
 */
import { costPerDay, formatDollars, type ResourcePrices } from '@curfew/core';
import type { NamespaceSummary } from '@curfew/proto';

export function costPerDayText(
  requested: NamespaceSummary['requested'],
  prices: ResourcePrices | undefined,
): string | undefined {
  if (!prices || !requested) return undefined;
  if (requested.cpuMillis <= 0n && requested.memoryBytes <= 0n) return undefined;
  return `≈ ${formatDollars(costPerDay(requested, prices))} per day`;
}
