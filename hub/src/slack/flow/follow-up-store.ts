/**
 * Where follow-ups of slow commands live in Redis (see follow-ups.ts for who finishes them):
 * the record under its command id, and an index scored by when the sweep looks next.
 */
import type { Redis } from 'ioredis';
import type { SlackKeys } from '../keys.js';
import type { ActionFacts } from './action-specs.js';
import type { ReplyTarget } from './reply.js';

export interface FollowUp {
  commandId: string;
  facts: ActionFacts;
  reply: ReplyTarget;
  /** Epoch ms. */
  storedAt: number;
}

/** Longer than any command waits (its TTL plus the result grace); a missed one is dropped then. */
const RECORD_TTL_SECONDS = 2 * 86_400;
/** Follow-ups looked at per sweep, oldest first. */
const SWEEP_BATCH = 200;

export class FollowUpStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SlackKeys,
  ) {}

  async save(followUp: FollowUp): Promise<void> {
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

  async get(commandId: string): Promise<FollowUp | null> {
    const raw = await this.redis.get(this.keys.followUp(commandId));
    return raw === null ? null : (JSON.parse(raw) as FollowUp);
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
}
