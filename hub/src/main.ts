/**
 * Process entry point: `node --import tsx hub/src/main.ts` in development (the generated
 * protobuf enums need a real TypeScript transform, not type stripping), `dist/main.js` once
 * compiled. Configuration errors end the process with a message naming the setting.
 */
import { ConfigError, loadConfig } from './config.js';
import { createHub } from './hub.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const hub = createHub({ config, defaultMetrics: true });

  // ── Slack mount point ────────────────────────────────────────────────────────────
  // The Slack side (hub/src/slack/) plugs in here, e.g.:
  //   const slack = mountSlack(hub.app, {
  //     ...hub.ports,
  //     config: slackConfigFromEnv(),          // the Slack side's settings
  //     redis: hub.redis.command,              // or a client of its own
  //     bullConnection: { url: hub.config.REDIS_URL, maxRetriesPerRequest: null },
  //   });
  //   hub.setNotificationSink(slack.sink);
  //   hub.setUnreachableOwners(() => slack.unreachableOwners());
  //   (and `await slack.close()` before `hub.stop()` on shutdown)
  // It must mount before listen() so its routes exist when probes turn ready.
  // ─────────────────────────────────────────────────────────────────────────────────

  await hub.listen();
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    hub.stop().then(
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
