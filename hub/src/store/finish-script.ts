/**
 * Finishes a command this replica sent, in one Redis script: the agent's final result is
 * stored (command-store.ts's COMPLETE), audited (audit-log.ts's RECORD_AUDIT) and announced to
 * every replica (the bus's `outcome` message, carrying the command) — one round trip where
 * storing, auditing and announcing took three on every action's path. The order is the one
 * the router kept before: whoever hears the outcome finds it audited; and nothing is audited
 * or announced unless this result is the one that finished the command.
 */

import type { Redis } from 'ioredis';
import type {
  BusWire,
  CommandFinisher,
  CompleteAnswer,
  FinishInput,
  StoredCommand,
} from '../ports.js';
import type { RedisKeys } from '../redis/keys.js';
import { runScript, shiftLua } from '../redis/lua.js';
import type { RedisAuditLog } from './audit-log.js';
import { RECORD_AUDIT } from './audit-log.js';
import { COMPLETE, encodeResult } from './command-store.js';

/**
 * KEYS[1]–KEYS[3] and ARGV[1]–ARGV[5] as COMPLETE's (ARGV[3] is 'done'); KEYS[4], KEYS[5] and
 * ARGV[6]–ARGV[8] as RECORD_AUDIT's KEYS[1], KEYS[2] and ARGV[1]–ARGV[3]; ARGV[9] the
 * broadcast channel; ARGV[10] the outcome message.
 * Returns COMPLETE's answer; only 'stored' records the audit entry and publishes.
 */
const FINISH = `
local function complete()
${COMPLETE}
end
local answer = complete()
if answer ~= 'stored' then return answer end
local function record()
${shiftLua(RECORD_AUDIT, 3, 5)}
end
record()
redis.call('PUBLISH', ARGV[9], ARGV[10])
return answer`;

export class RedisCommandFinisher implements CommandFinisher {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly audit: RedisAuditLog,
    private readonly wire: BusWire,
  ) {}

  async finish({ clusterId, finished, entry }: FinishInput): Promise<CompleteAnswer> {
    const encoded = encodeResult(finished.result);
    const record = this.audit.recordArgs(entry);
    const outcome = this.wire.encode({
      type: 'outcome',
      commandId: finished.id,
      command: hashOf(finished, encoded),
    });
    return (await runScript(
      this.redis,
      FINISH,
      5,
      this.keys.command(finished.id),
      this.keys.queue(clusterId),
      this.keys.deadlines,
      ...record.keys,
      finished.id,
      clusterId,
      'done',
      encoded,
      String(finished.finishedAt),
      ...record.argv,
      this.wire.broadcastChannel,
      outcome,
    )) as CompleteAnswer;
  }
}

/**
 * The finished command's hash as HGETALL would read it after COMPLETE, as far as
 * decodeCommand (command-store.ts) reads it: what the outcome message carries.
 */
export function hashOf(command: StoredCommand, encodedResult: string): Record<string, string> {
  return {
    id: command.id,
    clusterId: command.clusterId,
    state: 'done',
    createdAt: String(command.createdAt),
    deadline: String(command.deadline),
    request: JSON.stringify(command.request),
    requester: command.requester,
    result: encodedResult,
    ...(command.finishedAt === undefined ? {} : { finishedAt: String(command.finishedAt) }),
  };
}
