/**
 * The Slack side's Redis repositories, every key under its own prefix (`<REDIS_PREFIX>slack:`).
 * mount.ts builds them; the handlers see them only through their ports (ports/slack.ts).
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
import { RedisFollowUpStore } from './follow-up-store.js';
import { RedisSlackMessageState } from './message-state.js';
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
  };
}
