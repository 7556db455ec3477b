import type { Clock } from '@curfew/core';
import type { ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type {
  AuditLog,
  ClusterDirectory,
  CommandDispatcher,
  NamespaceDirectory,
} from '../ports.js';
import type { SlackConfig } from './config.js';
import type { Logger } from './logger.js';

/** What mountSlack needs from the rest of the hub. */
export interface SlackDeps {
  config: SlackConfig;
  namespaces: NamespaceDirectory;
  dispatcher: CommandDispatcher;
  audit: AuditLog;
  clusters: ClusterDirectory;
  /** ioredis client for the Slack side's own keys (request de-duplication, caches, outbox state). */
  redis: Redis;
  /**
   * BullMQ connection for the outbox queue and worker — options (BullMQ opens its own
   * connections; workers need `maxRetriesPerRequest: null`) or an ioredis instance.
   */
  bullConnection: ConnectionOptions;
  /** Run the outbox worker in this process (default true; every replica may run one). */
  runOutboxWorker?: boolean;
  clock?: Clock;
  logger?: Logger;
}
