/**
 * Commands stored durably under their id. A command stays in its cluster's queue until the
 * agent reports a final result or the hub expires it, so a stream that dies mid-delivery,
 * a replica crash or a Redis restart (with AOF) loses nothing: the next stream for the
 * cluster gets it again, and the agent answers a repeated id with its first result.
 *
 * State changes are Lua scripts so that two replicas racing (a result arriving while the
 * sweeper expires) settle on exactly one outcome.
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { type CommandResult, CommandResultSchema } from '@curfew/proto';
import type { Redis } from 'ioredis';
import type { DispatchRequest } from '../ports.js';
import type { RedisKeys } from '../redis/keys.js';
import { requestFingerprint } from './idempotency.js';

export type CommandState = 'queued' | 'sent' | 'accepted' | 'done' | 'expired';

export interface StoredCommand {
  id: string;
  clusterId: string;
  state: CommandState;
  createdAt: number;
  deadline: number;
  request: DispatchRequest;
  requester: string;
  result?: CommandResult;
  /** The agent's ACCEPTED answer while it is still working ("deleting: …"). */
  progress?: CommandResult;
  finishedAt?: number;
  /** For expired commands: 'queued' means never delivered, so certainly not executed. */
  expiredFrom?: CommandState;
}

// A key seen before returns the earlier command — unless that command was a different
// request (its fingerprint differs): then 'reused' and nothing is stored. Commands stored
// before fingerprints existed have none and count as the same request.
/**
 * Stores a command and queues it for its cluster, once per idempotency key.
 * KEYS[1] idem:<requester>:<key>; KEYS[2] cmd:<id> (hash); KEYS[3] queue:<cluster> (zset by
 * creation); KEYS[4] the deadlines (zset).
 * ARGV[1] the command id; ARGV[2] '1' when an idempotency key is given; ARGV[3] how long the key
 * is remembered (ms); ARGV[4] now; ARGV[5] the deadline; ARGV[6] the request (JSON); ARGV[7] the
 * cluster; ARGV[8] the requesting replica; ARGV[9] when the record expires (epoch ms);
 * ARGV[10] the request's fingerprint (what the key was first used for); ARGV[11] the key prefix
 * (the earlier command's record, derived: same hash tag, same slot, under Redis Cluster).
 * Returns {id, 1} when stored, {earlier id, 0} for a key seen before with the same request,
 * {earlier id, 0, 'reused'} for a key seen before with a different one.
 */
const ENQUEUE = `
if ARGV[2] == '1' then
  local existing = redis.call('GET', KEYS[1])
  if existing then
    local fingerprint = redis.call('HGET', ARGV[11] .. 'cmd:' .. existing, 'fingerprint')
    if fingerprint and fingerprint ~= ARGV[10] then return {existing, 0, 'reused'} end
    return {existing, 0}
  end
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
end
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'clusterId', ARGV[7], 'state', 'queued',
  'createdAt', ARGV[4], 'deadline', ARGV[5], 'request', ARGV[6], 'requester', ARGV[8],
  'fingerprint', ARGV[10])
redis.call('PEXPIREAT', KEYS[2], ARGV[9])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
return {ARGV[1], 1}`;

/**
 * KEYS[1] cmd:<id>. ARGV[1] now. A queued command becomes sent (kept for re-delivery until its
 * result). Returns 1 when it changed, 0 otherwise.
 */
const MARK_SENT = `
if redis.call('HGET', KEYS[1], 'state') == 'queued' then
  redis.call('HSET', KEYS[1], 'state', 'sent', 'sentAt', ARGV[1])
  return 1
end
return 0`;

/**
 * Records an agent's answer to a command.
 * KEYS[1] the command's hash; KEYS[2] its cluster's queue (zset); KEYS[3] the deadlines (zset)
 * ARGV[1] command id; ARGV[2] the answering cluster; ARGV[3] 'accepted' (begun, more to come)
 *   or 'done' (final); ARGV[4] the CommandResult, base64 protobuf; ARGV[5] now, epoch ms
 * Returns 'missing' (unknown id), 'foreign' (another cluster's command), 'final' (already
 * finished: ignored), 'accepted' (progress stored; the command stays queued) or 'stored'.
 */
const COMPLETE = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
if redis.call('HGET', KEYS[1], 'clusterId') ~= ARGV[2] then return 'foreign' end
if state == 'done' or state == 'expired' then return 'final' end
if ARGV[3] == 'accepted' then
  redis.call('HSET', KEYS[1], 'state', 'accepted', 'acceptedAt', ARGV[5], 'progress', ARGV[4])
  return 'accepted'
end
redis.call('HSET', KEYS[1], 'state', 'done', 'result', ARGV[4], 'finishedAt', ARGV[5])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 'stored'`;

/**
 * Expires overdue commands; a sent one gets one grace period first (its result may be on the way).
 * KEYS[1] the deadlines (zset). ARGV[1] now; ARGV[2] the grace (ms); ARGV[3] the key prefix;
 * ARGV[4] at most this many per call.
 * Returns the ids it expired. Keys of individual commands are derived from the prefix because
 * the due set is known only inside the script; with Redis Cluster the prefix's hash tag puts
 * them in the slot of KEYS[1], which Cluster requires.
 */
const EXPIRE_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[4])
local expired = {}
for _, id in ipairs(due) do
  local key = ARGV[3] .. 'cmd:' .. id
  local state = redis.call('HGET', key, 'state')
  if (not state) or state == 'done' or state == 'expired' then
    redis.call('ZREM', KEYS[1], id)
  elseif state ~= 'queued' and redis.call('HGET', key, 'graced') ~= '1' then
    redis.call('HSET', key, 'graced', '1')
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), id)
  else
    local cluster = redis.call('HGET', key, 'clusterId')
    redis.call('HSET', key, 'state', 'expired', 'finishedAt', ARGV[1], 'expiredFrom', state)
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZREM', ARGV[3] .. 'queue:' .. cluster, id)
    table.insert(expired, id)
  end
end
return expired`;

/** How long finished commands stay readable (polling, idempotent retries). */
const RETENTION_MS = 24 * 3_600_000;

export interface EnqueueInput {
  id: string;
  request: DispatchRequest;
  now: number;
  ttlMs: number;
  requester: string;
}

export class CommandStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly prefix: string,
  ) {}

  /**
   * Stores the command and queues it for its cluster. With an idempotency key that was
   * seen before, stores nothing and returns the earlier command's id (`reused` when that
   * command was a different request).
   */
  async enqueue(
    input: EnqueueInput,
  ): Promise<{ commandId: string; created: boolean; reused?: true }> {
    const { id, request, now, ttlMs, requester } = input;
    const deadline = now + ttlMs;
    const idempotencyKey = request.idempotencyKey
      ? `${request.requestedBy}:${request.idempotencyKey}`
      : '';
    const reply = (await this.redis.eval(
      ENQUEUE,
      4,
      this.keys.idempotency(idempotencyKey),
      this.keys.command(id),
      this.keys.queue(request.clusterId),
      this.keys.deadlines,
      id,
      idempotencyKey ? '1' : '0',
      String(RETENTION_MS),
      String(now),
      String(deadline),
      JSON.stringify(request),
      request.clusterId,
      requester,
      String(deadline + RETENTION_MS),
      requestFingerprint(request),
      this.prefix,
    )) as [string, number, string?];
    return {
      commandId: reply[0],
      created: reply[1] === 1,
      ...(reply[2] === 'reused' ? { reused: true as const } : {}),
    };
  }

  /**
   * The earlier command an idempotency key names when it was a different request (null when
   * the key is new or names this same request): lets a caller refuse before storing anything.
   */
  async reusedBy(request: DispatchRequest): Promise<StoredCommand | null> {
    if (!request.idempotencyKey) return null;
    const id = await this.redis.get(
      this.keys.idempotency(`${request.requestedBy}:${request.idempotencyKey}`),
    );
    if (id === null) return null;
    const fingerprint = await this.redis.hget(this.keys.command(id), 'fingerprint');
    if (fingerprint === null || fingerprint === requestFingerprint(request)) return null;
    return this.get(id);
  }

  async get(commandId: string): Promise<StoredCommand | null> {
    return decode(await this.redis.hgetall(this.keys.command(commandId)));
  }

  /** Unanswered commands of a cluster, oldest first. */
  async pending(clusterId: string, limit = 200): Promise<StoredCommand[]> {
    const ids = await this.redis.zrange(this.keys.queue(clusterId), '0', String(limit - 1));
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.command(id));
    const replies = (await pipeline.exec()) ?? [];
    const commands: StoredCommand[] = [];
    for (const [, hash] of replies) {
      const command = decode(hash as Record<string, string>);
      if (
        command &&
        (command.state === 'queued' || command.state === 'sent' || command.state === 'accepted')
      ) {
        commands.push(command);
      }
    }
    return commands;
  }

  async markSent(commandId: string, now: number): Promise<void> {
    await this.redis.eval(MARK_SENT, 1, this.keys.command(commandId), String(now));
  }

  /**
   * Records a result from `clusterId`'s agent. 'stored' means this call finished the
   * command (announce it); anything else means there is nothing new to announce.
   */
  async complete(
    clusterId: string,
    result: CommandResult,
    accepted: boolean,
    now: number,
  ): Promise<'stored' | 'accepted' | 'final' | 'missing' | 'foreign'> {
    const encoded = Buffer.from(toBinary(CommandResultSchema, result)).toString('base64');
    return (await this.redis.eval(
      COMPLETE,
      3,
      this.keys.command(result.commandId),
      this.keys.queue(clusterId),
      this.keys.deadlines,
      result.commandId,
      clusterId,
      accepted ? 'accepted' : 'done',
      encoded,
      String(now),
    )) as 'stored' | 'accepted' | 'final' | 'missing' | 'foreign';
  }

  /** Expires every command past its deadline (plus grace once sent); returns their ids. */
  async expireDue(now: number, graceMs: number, limit = 100): Promise<string[]> {
    return (await this.redis.eval(
      EXPIRE_DUE,
      1,
      this.keys.deadlines,
      String(now),
      String(graceMs),
      this.prefix,
      String(limit),
    )) as string[];
  }
}

function decode(hash: Record<string, string>): StoredCommand | null {
  if (!hash.id || !hash.clusterId || !hash.request) return null;
  const command: StoredCommand = {
    id: hash.id,
    clusterId: hash.clusterId,
    state: (hash.state ?? 'queued') as CommandState,
    createdAt: Number(hash.createdAt),
    deadline: Number(hash.deadline),
    request: JSON.parse(hash.request) as DispatchRequest,
    requester: hash.requester ?? '',
  };
  if (hash.result) {
    command.result = fromBinary(CommandResultSchema, Buffer.from(hash.result, 'base64'));
  }
  if (hash.progress) {
    command.progress = fromBinary(CommandResultSchema, Buffer.from(hash.progress, 'base64'));
  }
  if (hash.finishedAt) command.finishedAt = Number(hash.finishedAt);
  if (hash.expiredFrom) command.expiredFrom = hash.expiredFrom as CommandState;
  return command;
}
