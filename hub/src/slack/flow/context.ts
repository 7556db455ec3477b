import type { Clock } from '@curfew/core';
import type {
  AuditLog,
  ClusterDirectory,
  CommandDispatcher,
  FollowUpStore,
  NamespaceDirectory,
  SlackMessageState,
  SlackRequestClaims,
  UnreachableOwners,
} from '../../ports.js';
import type { IdentityResolver } from '../access/identity.js';
import type { ResolvedSlackConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { SlackOutbox } from '../outbox/outbox.js';
import type { FollowUp } from './follow-up.js';

/** Everything a Slack handler works with: ports, never a Redis client. */
export interface SlackContext {
  config: ResolvedSlackConfig;
  namespaces: NamespaceDirectory;
  dispatcher: CommandDispatcher;
  audit: AuditLog;
  clusters: ClusterDirectory;
  outbox: SlackOutbox;
  identities: IdentityResolver;
  claims: SlackRequestClaims;
  /** Messages waiting for a slow cluster, finished by whichever replica sees the outcome. */
  followUps: FollowUpStore<FollowUp>;
  /** What posted messages already show (the "outcome shown" marker, reminders to replace). */
  messages: SlackMessageState;
  unreachable: UnreachableOwners;
  clock: Clock;
  logger: Logger;
}
