/**
 * Slack's published per-minute limits per method and workspace ("tiers"), used to pace
 * calls before Slack has to say 429. chat.postMessage is "special": about one message
 * per second per channel, with the workspace-wide limit far higher. The pacing state and its
 * scripts are in slack/store/outbox-store.ts.
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
 * How much each cluster may tell Slack: a steady rate, a burst, and how far ahead it may queue
 * (per-cluster fair queuing, GCRA: the script in slack/store/outbox-store.ts).
 */
export interface ClusterBudget {
  perMinute: number;
  burst: number;
  maxBacklogMs: number;
}
