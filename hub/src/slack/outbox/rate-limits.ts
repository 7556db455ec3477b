/**
 * Slack's published per-minute limits per method and workspace ("tiers"), used to pace
 * calls before Slack has to say 429. chat.postMessage is "special": about one message
 * per second per channel, with the workspace-wide limit far higher.
 */
export const METHOD_LIMITS_PER_MINUTE: Readonly<Record<string, number>> = {
  'chat.postMessage': 600,
  'chat.update': 50,
  'chat.postEphemeral': 100,
  'views.publish': 100,
  'views.open': 100,
  'users.lookupByEmail': 50,
  'users.info': 100,
  'conversations.open': 50,
  'conversations.history': 50,
  // Not a Web API method: Slack limits each response_url (5 uses), not their sum.
  response_url: 600,
};

/** Methods limited per channel as well (ms between two calls in one channel). */
export const PER_CHANNEL_INTERVAL_MS: Readonly<Record<string, number>> = {
  'chat.postMessage': 1_000,
  'chat.postEphemeral': 1_000,
};

/**
 * The share of each method's minute that notifications may use. The rest is kept for
 * replies to Slack requests, so a flood of notifications (one busy or hostile cluster) can
 * never leave a person who clicked a button waiting for the next minute.
 */
export const NOTIFICATION_SHARE = 0.8;

/** Which work a call is for: answering someone in Slack, or telling owners what agents did. */
export type Lane = 'reply' | 'notification';

export function methodLimit(method: string, lane: Lane = 'reply'): number {
  const limit = METHOD_LIMITS_PER_MINUTE[method] ?? 20;
  return lane === 'reply' ? limit : Math.max(1, Math.floor(limit * NOTIFICATION_SHARE));
}

/**
 * Acquires a slot atomically: 0 when the call may go now, else how long to wait (ms). The
 * pause and the channel slot hold epoch-ms instants computed from the caller's clock, so the
 * schedule is the limiter's own, not Redis's expiry timers; their TTLs only clean up.
 * KEYS[1] the method's pause; KEYS[2] the channel's slot; KEYS[3] the method's minute window.
 * ARGV[1] now (epoch ms); ARGV[2] the channel interval ms; ARGV[3] this lane's limit per minute;
 * ARGV[4] ms until the window ends; ARGV[5] '1' when the method is limited per channel (else
 * KEYS[2] is a placeholder under the prefix, never read or written).
 * Returns 0 (go now) or the ms to wait.
 */
export const ACQUIRE_SLOT_SCRIPT = `
local now = tonumber(ARGV[1])
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if paused > now then return paused - now end
if ARGV[5] == '1' then
  local free = tonumber(redis.call('GET', KEYS[2]) or '0')
  if free > now then return free - now end
end
local count = redis.call('INCR', KEYS[3])
if count == 1 then redis.call('PEXPIRE', KEYS[3], 61000) end
if count > tonumber(ARGV[3]) then
  redis.call('DECR', KEYS[3])
  return tonumber(ARGV[4])
end
if ARGV[5] == '1' then
  local interval = tonumber(ARGV[2])
  redis.call('SET', KEYS[2], now + interval, 'PX', interval + 60000)
end
return 0
`;

/**
 * Pauses a method until an instant (Slack said 429 with Retry-After), never shortening a longer
 * pause. KEYS[1] the method's pause. ARGV[1] until (epoch ms); ARGV[2] now (epoch ms).
 * Returns the instant the method is paused until.
 */
export const PAUSE_SCRIPT = `
local untilMs = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= untilMs then return current end
redis.call('SET', KEYS[1], untilMs, 'PX', math.max(1, untilMs - tonumber(ARGV[2])) + 60000)
return untilMs
`;

/** How much each cluster may tell Slack: a steady rate, a burst, and how far ahead it may queue. */
export interface ClusterBudget {
  perMinute: number;
  burst: number;
  maxBacklogMs: number;
}

/**
 * Per-cluster fair queuing of notifications (GCRA): each notification of a cluster gets the
 * next instant of that cluster's schedule — the first `burst` at once, then one per
 * 60 s / perMinute — and waits (a delayed job) until then. A cluster sending thousands only
 * delays its own; another cluster's next notification is due at once and waits behind at
 * most one burst. Past `maxBacklogMs` of schedule, -1: over budget, not queued.
 * KEYS[1] the cluster's schedule (its theoretical arrival time). ARGV[1] now (epoch ms);
 * ARGV[2] the interval between notifications (ms); ARGV[3] the burst; ARGV[4] the longest
 * backlog (ms).
 * Returns the ms to wait before handling this notification (0: at once), or -1: over budget.
 */
export const SCHEDULE_NOTIFICATION_SCRIPT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local delay = tat - (tonumber(ARGV[3]) - 1) * interval - now
if delay < 0 then delay = 0 end
if delay > tonumber(ARGV[4]) then return -1 end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(tat + interval - now) + 60000)
return delay
`;
