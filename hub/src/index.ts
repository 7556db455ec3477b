/**
 * @curfew/hub: the hub's public surface.
 *
 * Wiring of the Slack side: `main.ts` creates the hub, then calls the Slack side's
 * `mountSlack(hub.app, deps)` at the marked spot, with `hub.ports` as its deps, and passes
 * its NotificationSink to `hub.setNotificationSink`.
 */

export { ConfigError, configSchema, type HubConfig, loadConfig } from './config.js';
export { createHub, HUB_VERSION, type Hub, type HubOptions, type HubPorts } from './hub.js';
export type * from './ports.js';
export { slackAppManifest } from './slack/manifest.js';
export { hashToken } from './token-hash.js';
