/**
 * The Slack side's Redis repositories, every key under its own prefix (`<REDIS_PREFIX>slack:`).
 * mount.ts builds them; the handlers see them only through their ports (ports/slack.ts, and
 * the outbox's own outbox/outbox-state.ts, whose types are the outbox's).
 */
import type { Redis } from 'ioredis';
import type {
  FollowUpRecord,
  FollowUpStore,
  SlackMessageState,
  SlackRequestClaims,
  SlackUserCache,
  UnreachableOwners,
} from '../../ports.js';
import type { OutboxState } from '../outbox/outbox-state.js';
import { RedisFollowUpStore } from './follow-up-store.js';
import { RedisSlackMessageState } from './message-state.js';
import { RedisOutboxStore } from './outbox-store.js';
import { RedisRequestClaims } from './request-claims.js';
import { SlackKeys } from './slack-keys.js';
import { RedisUnreachableOwners } from './unreachable-owners.js';
import { RedisSlackUserCache } from './user-cache.js';

export interface SlackStores<F extends FollowUpRecord> {
  keys: SlackKeys;
  messages: SlackMessageState;
  requestClaims: SlackRequestClaims;
  followUps: FollowUpStore<F>;
  unreachable: UnreachableOwners;
  users: SlackUserCache;
  /** The outbox's posted messages and pacing (its BullMQ queue has connections of its own). */
  outbox: OutboxState;
}

export function createSlackStores<F extends FollowUpRecord>(
  redis: Redis,
  options: { keyPrefix: string; dedupeTtlSeconds: number },
): SlackStores<F> {
  const keys = new SlackKeys(options.keyPrefix);
  return {
    keys,
    messages: new RedisSlackMessageState(redis, keys),
    requestClaims: new RedisRequestClaims(redis, keys, options.dedupeTtlSeconds),
    followUps: new RedisFollowUpStore<F>(redis, keys),
    unreachable: new RedisUnreachableOwners(redis, keys),
    users: new RedisSlackUserCache(redis, keys),
    outbox: new RedisOutboxStore(redis, keys),
  };
}
