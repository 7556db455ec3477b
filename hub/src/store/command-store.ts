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
import type {
  BusWire,
  CommandRecord,
  CommandState,
  CommandStore,
  CompleteAnswer,
  DispatchRequest,
  EnqueueInput,
  EnqueueResult,
  StoredCommand,
} from '../ports.js';
import type { RedisKeys } from '../redis/keys.js';
import { runScript } from '../redis/lua.js';
import { requestFingerprint } from '../routing/idempotency.js';

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
 * ENQUEUE for a cluster that can take commands, and what delivering the new command needs,
 * in one script: one round trip (and one socket write) on every action's path. ENQUEUE's
 * text runs unchanged inside a function.
 * KEYS[1]–KEYS[4] and ARGV[1]–ARGV[11] as ENQUEUE's; KEYS[5] the cluster's record (hash; see
 *   store/cluster-registry.ts: `id` set once registered, `revoked` '1' once revoked);
 *   KEYS[6] the cluster's presence (the stream id holding it; see store/presence-store.ts)
 * ARGV[12] '' or the channel of a replica without its instance name (redis/bus.ts): then the
 *   new command's nudge is published here to the holder's replica, unless that is the
 *   requesting replica (ARGV[8]) — the holder hears of it without a second round trip of the
 *   requester; ARGV[13] that message when the command is its cluster's only queued one,
 *   ARGV[14] when older ones wait too. A stream id is `<hub instance>/<unique>`
 *   (stream-id.ts), so the holder's replica is what comes before the last '/'.
 * Returns {'', -1} for an unknown cluster and {'', -2} for a revoked one (nothing stored);
 * ENQUEUE's own reply when it stored nothing (an idempotency key seen before); else
 * {id, 1, the command's hash as HGETALL gives it (empty when it published the nudge), how
 * many commands the cluster's queue holds now, the presence holder or nil, 1 when it
 * published the nudge else 0}.
 */
const ENQUEUE_FOR_CLUSTER = `
if redis.call('HEXISTS', KEYS[5], 'id') == 0 then return {'', -1} end
if redis.call('HGET', KEYS[5], 'revoked') == '1' then return {'', -2} end
local function enqueue()
${ENQUEUE}
end
local stored = enqueue()
if stored[2] ~= 1 then return stored end
local queued = redis.call('ZCARD', KEYS[3])
local holder = redis.call('GET', KEYS[6])
local published = 0
if holder and ARGV[12] ~= '' then
  local hub = string.match(holder, '^(.*)/') or holder
  if hub ~= ARGV[8] then
    redis.call('PUBLISH', ARGV[12] .. hub, queued == 1 and ARGV[13] or ARGV[14])
    published = 1
  end
end
-- Published: the requester does not deliver, so it needs no copy of the command.
local hash = published == 1 and {} or redis.call('HGETALL', KEYS[2])
return {stored[1], 1, hash, queued, holder, published}`;

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
 * Exported for store/finish-script.ts, which runs it inside a script of its own.
 */
export const COMPLETE = `
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

/**
 * A cluster's unanswered commands with their hashes, in one round trip (delivery sits on the
 * routed path of every action: a ZRANGE and then an HGETALL per id would be two).
 * KEYS[1] the cluster's queue (zset, oldest first)
 * ARGV[1] the key prefix (command hashes are `<prefix>cmd:<id>`, derived here as in
 *   EXPIRE_DUE); ARGV[2] at most this many; ARGV[3] '1': only commands still 'queued' (never
 *   sent to any stream), '0': every unanswered one
 * Returns one flat HGETALL reply (field, value, …) per id, oldest first; empty for an id whose
 * hash is gone.
 */
const PENDING = `
local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local hashes = {}
for _, id in ipairs(ids) do
  local key = ARGV[1] .. 'cmd:' .. id
  if ARGV[3] ~= '1' or redis.call('HGET', key, 'state') == 'queued' then
    table.insert(hashes, redis.call('HGETALL', key))
  end
end
return hashes`;

/** How long finished commands stay readable (polling, idempotent retries). */
const RETENTION_MS = 24 * 3_600_000;

export class RedisCommandStore implements CommandStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly prefix: string,
    /**
     * How replicas hear of each other (redis/bus.ts): with it, an enqueue that asks for
     * `nudge` publishes the holder's "deliver" from the script itself.
     */
    private readonly wire?: BusWire,
  ) {}

  /**
   * Stores the command and queues it for its cluster — unless the cluster is unknown or
   * revoked (`refused`, nothing stored). With an idempotency key that was seen before,
   * stores nothing and returns the earlier command's id (`reused` when that command was a
   * different request).
   */
  async enqueue(input: EnqueueInput): Promise<EnqueueResult> {
    const { id, request, now, ttlMs, requester } = input;
    const wire = input.nudge ? this.wire : undefined;
    const deadline = now + ttlMs;
    const idempotencyKey = request.idempotencyKey
      ? `${request.requestedBy}:${request.idempotencyKey}`
      : '';
    const json = JSON.stringify(request);
    // Only a command named by an idempotency key is ever compared with a later request.
    const fingerprint = idempotencyKey ? requestFingerprint(request) : '';
    // The hash ENQUEUE writes (its HSET), for the nudge that carries it.
    const hash = {
      id,
      clusterId: request.clusterId,
      state: 'queued',
      createdAt: String(now),
      deadline: String(deadline),
      request: json,
      requester,
      fingerprint,
    };
    const reply = (await runScript(
      this.redis,
      ENQUEUE_FOR_CLUSTER,
      6,
      this.keys.idempotency(idempotencyKey),
      this.keys.command(id),
      this.keys.queue(request.clusterId),
      this.keys.deadlines,
      this.keys.cluster(request.clusterId),
      this.keys.presence(request.clusterId),
      id,
      idempotencyKey ? '1' : '0',
      String(RETENTION_MS),
      String(now),
      String(deadline),
      json,
      request.clusterId,
      requester,
      String(deadline + RETENTION_MS),
      fingerprint,
      this.prefix,
      wire?.hubChannelPrefix ?? '',
      wire ? wire.encode({ type: 'deliver', clusterId: request.clusterId, command: hash }) : '',
      wire ? wire.encode({ type: 'deliver', clusterId: request.clusterId }) : '',
    )) as [string, number, (string[] | string)?, number?, (string | null)?, number?];
    const [commandId, answer, flat, queued, holder, published] = reply;
    if (answer === -1) return { refused: 'unknown' };
    if (answer === -2) return { refused: 'revoked' };
    if (answer !== 1 || !Array.isArray(flat)) {
      return { commandId, created: false, ...(flat === 'reused' ? { reused: true as const } : {}) };
    }
    return {
      commandId,
      created: true,
      written: {
        command: fromFlat(flat),
        queued: queued ?? 0,
        holder: holder ?? null,
        published: published === 1,
      },
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
    return decodeCommand(await this.redis.hgetall(this.keys.command(commandId)));
  }

  /**
   * Unanswered commands of a cluster, oldest first; with `onlyQueued` only those no stream was
   * sent yet (a nudge's read: a cluster with a backlog of sent, unanswered commands would
   * otherwise cost a read of all of them on every new command).
   */
  async pending(clusterId: string, onlyQueued = false, limit = 200): Promise<StoredCommand[]> {
    const replies = (await this.redis.eval(
      PENDING,
      1,
      this.keys.queue(clusterId),
      this.prefix,
      String(limit),
      onlyQueued ? '1' : '0',
    )) as string[][];
    const commands: StoredCommand[] = [];
    for (const flat of replies) {
      const command = decodeCommand(fromFlat(flat));
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
    await runScript(this.redis, MARK_SENT, 1, this.keys.command(commandId), String(now));
  }

  /**
   * Records a result from `clusterId`'s agent. 'stored' means this call finished the
   * command (announce it); 'accepted' that it recorded the agent's progress; anything else
   * means there is nothing new to announce. `hash` is the command as it is after the write,
   * read in the same round trip (a pipeline on one connection runs in order).
   */
  async complete(
    clusterId: string,
    result: CommandResult,
    accepted: boolean,
    now: number,
  ): Promise<{ answer: CompleteAnswer; hash: Record<string, string> }> {
    const encoded = encodeResult(result);
    const key = this.keys.command(result.commandId);
    const replies = await this.redis
      .pipeline()
      .eval(
        COMPLETE,
        3,
        key,
        this.keys.queue(clusterId),
        this.keys.deadlines,
        result.commandId,
        clusterId,
        accepted ? 'accepted' : 'done',
        encoded,
        String(now),
      )
      .hgetall(key)
      .exec();
    const [[completeError, answer] = [], [readError, hash] = []] = replies ?? [];
    if (completeError) throw completeError;
    if (readError) throw readError;
    return { answer: answer as CompleteAnswer, hash: hash as Record<string, string> };
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

  decode(record: CommandRecord): StoredCommand | null {
    return decodeCommand(record);
  }
}

/** A CommandResult as the command's hash keeps it (`result`, `progress`): base64 protobuf. */
export function encodeResult(result: CommandResult): string {
  return Buffer.from(toBinary(CommandResultSchema, result)).toString('base64');
}

/** HGETALL's reply as Lua returns it (field, value, …) → the object ioredis would give. */
function fromFlat(flat: readonly string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i] as string] = flat[i + 1] as string;
  return hash;
}

/** A command's Redis hash (from HGETALL, or carried by a bus message) → the command. */
export function decodeCommand(hash: Record<string, string>): StoredCommand | null {
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
