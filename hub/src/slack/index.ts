/**
 * The hub's Slack side: Bolt on the hub's express app, the Slack outbox, and the
 * NotificationSink. Wiring (hub/src/main.ts, before `hub.listen()`):
 *
 *   const slack = mountSlack(hub.app, {
 *     ...hub.ports,
 *     config: { signingSecret, botToken, commandName, admins },
 *     redis: hub.redis.command,
 *     bullConnection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
 *     logger,
 *   });
 *   hub.setNotificationSink(slack.sink);
 *   // on shutdown, before hub.stop(): await slack.close();
 */

export type { UnreachableOwner } from '../ports.js';
export type { SlackConfig } from './config.js';
export { resolveSlackConfig, slackConfigFrom } from './config.js';
export type { SlackDeps } from './deps.js';
export type { Logger as SlackLogger } from './logger.js';
export { slackAppManifest } from './manifest.js';
export { mountSlack, type SlackMount } from './mount.js';
