import type { ProcessConfig } from '../config.js';

/** Everything the Slack side is configured with. */
export interface SlackConfig {
  /** The app's signing secret. Required: without it every request would be unverified. */
  signingSecret: string;
  /** Bot token (`xoxb-…`). */
  botToken: string;
  /** Web API base URL; tests point it at the slack-sim (must end with `/`). */
  slackApiUrl?: string;
  /** Request URL path for slash commands, interactivity and events. */
  endpoint?: string;
  /** The slash command's name as configured in the Slack app (default `/devenv`). */
  commandName?: string;
  /** Hub admins: Slack user ids or emails. */
  admins?: string[];
  /** The hub's public https base URL, for `GET /slack/manifest`; unset: that route says so. */
  publicUrl?: string;
  /** How long an interaction waits for the agent before saying "still working" (ms). */
  dispatchWaitMs?: number;
  /** How long a command for an offline cluster may wait (ms; the dispatcher's default if unset). */
  commandTtlMs?: number;
  /** Email → Slack user cache lifetime (seconds). */
  ownerCacheTtlSeconds?: number;
  /** How long a Slack request id is remembered to drop Slack's retries (seconds). */
  dedupeTtlSeconds?: number;
  /**
   * How often each replica looks at messages still waiting for a slow cluster (ms); outcomes
   * normally arrive at once as a hint, this catches hints that were lost.
   */
  followUpSweepMs?: number;
  /** Timeout of a single Web API call (ms). */
  apiTimeoutMs?: number;
  /** Prefix of the Redis keys the Slack side owns. */
  keyPrefix?: string;
  outbox?: OutboxConfig;
}

export interface OutboxConfig {
  queueName?: string;
  /** BullMQ key prefix. */
  prefix?: string;
  concurrency?: number;
  /** Attempts for a message before it is given up (failed). */
  attempts?: number;
  /** First retry delay; doubles per attempt, with jitter. */
  backoffMs?: number;
  /**
   * Per-cluster fair queuing of agent notifications: each cluster's steady rate, the burst
   * it may send at once, and how far ahead (ms) its queue may reach before more of its
   * notifications are dropped (counted and logged). One cluster's flood delays only itself.
   */
  clusterNotificationsPerMinute?: number;
  clusterNotificationBurst?: number;
  clusterNotificationBacklogMs?: number;
}

export type ResolvedSlackConfig = Required<
  Omit<SlackConfig, 'slackApiUrl' | 'commandTtlMs' | 'outbox' | 'publicUrl'>
> & {
  slackApiUrl?: string;
  publicUrl?: string;
  commandTtlMs?: number;
  outbox: Required<OutboxConfig>;
};

/**
 * Validates and fills defaults. Throws with a message saying what to set: the hub must
 * not start answering Slack without a way to verify that requests come from Slack.
 */
export function resolveSlackConfig(config: SlackConfig): ResolvedSlackConfig {
  if (typeof config.signingSecret !== 'string' || config.signingSecret.trim() === '') {
    throw new Error(
      'Slack signing secret is missing: set it from the Slack app\'s "Basic Information → Signing Secret" (config slack.signingSecret / SLACK_SIGNING_SECRET)',
    );
  }
  if (typeof config.botToken !== 'string' || !config.botToken.startsWith('xoxb-')) {
    throw new Error(
      'Slack bot token is missing or not a bot token: set the "Bot User OAuth Token" (xoxb-…) from the Slack app\'s "OAuth & Permissions" page (SLACK_BOT_TOKEN)',
    );
  }
  const commandName = config.commandName ?? '/devenv';
  if (!/^\/[a-z0-9_-]+$/i.test(commandName)) {
    throw new Error(`Slack command name "${commandName}" must look like /devenv`);
  }
  if (config.slackApiUrl !== undefined && !config.slackApiUrl.endsWith('/')) {
    throw new Error(`slackApiUrl "${config.slackApiUrl}" must end with "/"`);
  }
  return {
    signingSecret: config.signingSecret,
    botToken: config.botToken,
    endpoint: config.endpoint ?? '/slack/events',
    commandName,
    admins: config.admins ?? [],
    dispatchWaitMs: config.dispatchWaitMs ?? 5_000,
    ownerCacheTtlSeconds: config.ownerCacheTtlSeconds ?? 86_400,
    dedupeTtlSeconds: config.dedupeTtlSeconds ?? 86_400,
    apiTimeoutMs: config.apiTimeoutMs ?? 10_000,
    followUpSweepMs: config.followUpSweepMs ?? 5_000,
    keyPrefix: config.keyPrefix ?? 'curfew:slack:',
    ...(config.slackApiUrl === undefined ? {} : { slackApiUrl: config.slackApiUrl }),
    ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
    ...(config.commandTtlMs === undefined ? {} : { commandTtlMs: config.commandTtlMs }),
    outbox: {
      queueName: config.outbox?.queueName ?? 'slack-outbox',
      prefix: config.outbox?.prefix ?? 'curfew:bull',
      concurrency: config.outbox?.concurrency ?? 4,
      attempts: config.outbox?.attempts ?? 8,
      backoffMs: config.outbox?.backoffMs ?? 1_000,
      clusterNotificationsPerMinute: positive(
        'outbox.clusterNotificationsPerMinute',
        config.outbox?.clusterNotificationsPerMinute ?? 120,
      ),
      clusterNotificationBurst: positive(
        'outbox.clusterNotificationBurst',
        config.outbox?.clusterNotificationBurst ?? 60,
      ),
      clusterNotificationBacklogMs: positive(
        'outbox.clusterNotificationBacklogMs',
        config.outbox?.clusterNotificationBacklogMs ?? 15 * 60_000,
      ),
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`Slack ${name} must be a positive number, not ${value}`);
  }
  return value;
}

/** The Slack side's settings from the hub process's (already validated) environment. */
export function slackConfigFrom(config: ProcessConfig): SlackConfig {
  return {
    signingSecret: config.SLACK_SIGNING_SECRET,
    botToken: config.SLACK_BOT_TOKEN,
    commandName: config.SLACK_COMMAND,
    admins: config.SLACK_ADMINS,
    commandTtlMs: config.COMMAND_TTL,
    keyPrefix: `${config.REDIS_PREFIX}slack:`,
    outbox: { prefix: `${config.REDIS_PREFIX}bull` },
    ...(config.SLACK_API_URL === undefined ? {} : { slackApiUrl: config.SLACK_API_URL }),
    ...(config.PUBLIC_URL === undefined ? {} : { publicUrl: config.PUBLIC_URL }),
  };
}
