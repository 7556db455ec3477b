/**
 * The seams inside the hub, one file per concern under ports/. Stores (store/, slack/store/)
 * implement the Redis-backed ones; routing, the agent-stream side, the admin API and the Slack
 * side depend on these interfaces only (scripts/import-cycles/layer-rules.ts enforces it), so
 * each can be tested with fakes and changed without the others.
 */
export type * from './ports/audit.js';
export type * from './ports/clusters.js';
export type * from './ports/commands.js';
export type * from './ports/dispatch.js';
export type * from './ports/namespaces.js';
export type * from './ports/notifications.js';
export type * from './ports/presence.js';
export type * from './ports/savings.js';
export type * from './ports/slack.js';
export type * from './ports/streams.js';
