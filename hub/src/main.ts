/**
 * Process entry point: `node --import tsx hub/src/main.ts` in development (the generated
 * protobuf enums need a real TypeScript transform, not type stripping), `dist/main.js` once
 * compiled. Configuration errors end the process with a message naming the setting.
 */
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { createHub } from './hub.js';
import { mountSlack } from './slack/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, base: { hub: config.HUB_INSTANCE_ID } });
  const hub = createHub({ config, logger, defaultMetrics: true });

  // Slack mounts before listen() so its routes exist when the probes turn ready. It throws
  // without a signing secret: the hub must never answer Slack unverified.
  const slack = mountSlack(hub.app, {
    ...hub.ports,
    config: {
      signingSecret: config.SLACK_SIGNING_SECRET ?? '',
      botToken: config.SLACK_BOT_TOKEN ?? '',
      commandName: config.SLACK_COMMAND,
      admins: config.SLACK_ADMINS,
      commandTtlMs: config.COMMAND_TTL,
      keyPrefix: `${config.REDIS_PREFIX}slack:`,
      outbox: { prefix: `${config.REDIS_PREFIX}bull` },
      ...(config.SLACK_API_URL === undefined ? {} : { slackApiUrl: config.SLACK_API_URL }),
    },
    redis: hub.redis.command,
    // BullMQ needs its own connections with no per-request retry limit (it blocks on them).
    bullConnection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
    logger,
  });
  hub.setNotificationSink(slack.sink);
  hub.setUnreachableOwners(() => slack.unreachableOwners());

  await hub.listen();
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    slack
      .close()
      .then(() => hub.stop())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
