/**
 * The Slack side's Redis repositories. Only mount.ts imports this folder (the handlers use
 * the ports); scripts/import-cycles/layer-rules.ts keeps it so.
 */
export { createSlackStores, type SlackStores } from './create-slack-stores.js';
export { SlackKeys } from './slack-keys.js';
