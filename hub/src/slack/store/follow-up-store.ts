/**
 * Where follow-ups of slow commands live in Redis (see flow/follow-ups.ts for who finishes
 * them): the record under its command id, an index scored by when the sweep looks next, and
 * the claim of the replica writing the outcome.
 */
import type { Redis } from 'ioredis';
import type { ClaimOutcome, FollowUpRecord, FollowUpStore } from '../../ports.js';
import { claimOnce } from '../../redis/claim-once.js';
import type { SlackKeys } from './slack-keys.js';

/** Longer than any command waits (its TTL plus the result grace); a missed one is dropped then. */
const RECORD_TTL_SECONDS = 2 * 86_400;
/** Follow-ups looked at per sweep, oldest first. */
const SWEEP_BATCH = 200;
/** A replica that claimed a follow-up and died: another one may take it over after this. */
const CLAIM_TTL_MS = 60_000;

export class RedisFollowUpStore<T extends FollowUpRecord> implements FollowUpStore<T> {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SlackKeys,
  ) {}

  async save(followUp: T): Promise<void> {
    await this.redis
      .multi()
      .set(
        this.keys.followUp(followUp.commandId),
        JSON.stringify(followUp),
        'EX',
        RECORD_TTL_SECONDS,
      )
      .zadd(this.keys.followUps(), followUp.storedAt, followUp.commandId)
      .exec();
  }

  async get(commandId: string): Promise<T | null> {
    const raw = await this.redis.get(this.keys.followUp(commandId));
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  async remove(commandId: string): Promise<void> {
    await this.redis
      .multi()
      .del(this.keys.followUp(commandId))
      .zrem(this.keys.followUps(), commandId)
      .exec();
  }

  /** Command ids of follow-ups due for a look (scored by when to look next), oldest first. */
  async due(now: number, limit = SWEEP_BATCH): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.followUps(), '-inf', now, 'LIMIT', 0, limit);
  }

  /** A command still pending: the sweep looks again at `until` (hints still come at once). */
  async postpone(commandId: string, until: number): Promise<void> {
    await this.redis.zadd(this.keys.followUps(), 'XX', until, commandId);
  }

  finishOnce<R>(commandId: string, at: number, work: () => Promise<R>): Promise<ClaimOutcome<R>> {
    const claim = {
      key: this.keys.followUpClaim(commandId),
      value: String(at),
      ttlMs: CLAIM_TTL_MS,
    };
    return claimOnce(this.redis, claim, work);
  }
}
