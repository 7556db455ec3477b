import type { Clock } from '@curfew/core';
import type { Redis } from 'ioredis';
import type {
  AuditLog,
  ClusterDirectory,
  CommandDispatcher,
  NamespaceDirectory,
} from '../../ports.js';
import type { IdentityResolver } from '../access/identity.js';
import type { UnreachableOwners } from '../access/unreachable.js';
import type { ResolvedSlackConfig } from '../config.js';
import type { SlackKeys } from '../keys.js';
import type { Logger } from '../logger.js';
import type { SlackOutbox } from '../outbox/outbox.js';
import type { RequestClaims } from '../requests/request-claims.js';
import type { FollowUpStore } from './follow-up-store.js';

/** Everything a Slack handler works with. */
export interface SlackContext {
  config: ResolvedSlackConfig;
  namespaces: NamespaceDirectory;
  dispatcher: CommandDispatcher;
  audit: AuditLog;
  clusters: ClusterDirectory;
  outbox: SlackOutbox;
  identities: IdentityResolver;
  claims: RequestClaims;
  /** Messages waiting for a slow cluster, finished by whichever replica sees the outcome. */
  followUps: FollowUpStore;
  keys: SlackKeys;
  redis: Redis;
  unreachable: UnreachableOwners;
  clock: Clock;
  logger: Logger;
}
