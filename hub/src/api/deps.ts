/** What admin API handlers may use: ports only (ports.ts), never a store class. */
import type { Clock } from '@curfew/core';
import type {
  AdminDispatcher,
  AgentStreams,
  AuditLog,
  ClusterRecords,
  ClusterTokens,
  NamespaceDirectory,
  SuspensionHistory,
} from '../ports.js';
import type { InstallTarget } from './helm-command.js';

export interface ApiDeps {
  tokens: ClusterTokens;
  clusters: ClusterRecords;
  snapshots: NamespaceDirectory;
  suspensions: SuspensionHistory;
  router: AdminDispatcher;
  audit: AuditLog;
  agents: AgentStreams;
  clock: Clock;
  install: InstallTarget;
  rotationOverlapMs: number;
  /** Provided by the Slack side once mounted. */
  unreachableOwners?: () => Promise<{ namespace: string; reason: string; since: number }[]>;
  defaultCommandTtlMs: number;
}
