/**
 * The hub's Redis repositories, one per concern, each behind its port (ports/). Only the
 * wiring (hub.ts) imports this folder; scripts/import-cycles/layer-rules.ts keeps it so.
 */
export { createStores, type HubStores, type StoreOptions } from './create-stores.js';
