/**
 * Process entry point: `node --import tsx hub/src/main.ts` in development (the generated
 * protobuf enums need a real TypeScript transform, not type stripping), `dist/main.js` once
 * compiled. Configuration errors end the process with a message naming the setting.
 */
import { pino } from 'pino';
import { ConfigError, loadProcessConfig } from './config.js';
import { createHub } from './hub.js';
import { bullConnection } from './redis/connection.js';
import { mountSlack, slackConfigFrom } from './slack/index.js';

async function main(): Promise<void> {
  const config = loadProcessConfig();
  const logger = pino({ level: config.LOG_LEVEL, base: { hub: config.HUB_INSTANCE_ID } });
  const hub = createHub({ config, logger, defaultMetrics: true });
  if (config.PUBLIC_GRPC_ADDRESS === undefined) {
    logger.warn(
      'PUBLIC_GRPC_ADDRESS is not set: the agent install commands the admin API prints carry a placeholder address; set it to the host:port agents dial (helm: publicGrpcAddress)',
    );
  }

  // Slack mounts before listen() so its routes exist when the probes turn ready.
  // loadProcessConfig already refused a missing signing secret: never answer Slack unverified.
  const slack = mountSlack(hub.app, {
    ...hub.ports,
    config: slackConfigFrom(config),
    redis: hub.redis.command,
    // BullMQ needs its own connections with no per-request retry limit (it blocks on them).
    bullConnection: bullConnection(config.REDIS_URL),
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
