/** When namespaces were suspended, for the savings report. */
import type { Snapshot } from '@curfew/proto';

/** A namespace's suspended stretch, for the savings report. */
export interface SuspensionPeriod {
  clusterId: string;
  namespace: string;
  start: number;
  end: number;
  /** Requests while last running; absent when the hub never saw it running. */
  footprint?: { cpuMillis: number; memoryBytes: number };
  /** $ per hour of the priced cloud resources Curfew stopped with the namespace. */
  cloudDollarsPerHour?: number;
}

/** When namespaces were suspended (savings). */
export interface SuspensionHistory {
  periods(clusterIds: readonly string[], from: number, now: number): Promise<SuspensionPeriod[]>;
}

/** Keeps the suspended periods from the snapshots agents send (store/suspension-store.ts). */
export interface SuspensionTracker extends SuspensionHistory {
  /** Call with every applied snapshot of the cluster. */
  observe(clusterId: string, snapshot: Snapshot, now: number): Promise<void>;
}
