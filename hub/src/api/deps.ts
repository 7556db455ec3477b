/** What admin API handlers may use. */
import type { Clock } from '@curfew/core';
import type { ClusterRegistry } from '../agents/cluster-registry.js';
import type { SnapshotStore } from '../agents/snapshot-store.js';
import type { TokenStore } from '../agents/token-store.js';
import type { AuditLog } from '../ports.js';
import type { Bus } from '../redis/bus.js';
import type { Router } from '../routing/router.js';
import type { SuspensionTracker } from '../savings/suspension-tracker.js';
import type { InstallTarget } from './helm-command.js';

export interface ApiDeps {
  tokens: TokenStore;
  clusters: ClusterRegistry;
  snapshots: SnapshotStore;
  suspensions: SuspensionTracker;
  router: Router;
  audit: AuditLog;
  bus: Bus;
  clock: Clock;
  install: InstallTarget;
  rotationOverlapMs: number;
  /** Provided by the Slack side once mounted. */
  unreachableOwners?: () => Promise<{ namespace: string; reason: string; since: number }[]>;
  defaultCommandTtlMs: number;
}
