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

export function methodLimit(method: string): number {
  return METHOD_LIMITS_PER_MINUTE[method] ?? 20;
}

/**
 * Acquires a slot atomically: 0 when the call may go now, else how long to wait (ms).
 * KEYS: pause, channel slot (or ''), minute window. ARGV: channel interval ms, limit,
 * ms until the window ends.
 */
export const ACQUIRE_SLOT_SCRIPT = `
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return paused end
if KEYS[2] ~= '' then
  local slot = redis.call('PTTL', KEYS[2])
  if slot > 0 then return slot end
end
local count = redis.call('INCR', KEYS[3])
if count == 1 then redis.call('PEXPIRE', KEYS[3], 61000) end
if count > tonumber(ARGV[2]) then
  redis.call('DECR', KEYS[3])
  return tonumber(ARGV[3])
end
if KEYS[2] ~= '' then redis.call('SET', KEYS[2], '1', 'PX', tonumber(ARGV[1])) end
return 0
`;
