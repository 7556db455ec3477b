import type * as Http from 'node:http';
import { createRequire } from 'node:module';

/**
 * node:http, loaded with require rather than `import`. An ES import of node:http builds the
 * module's namespace by reading every export, and three of them (WebSocket, CloseEvent,
 * MessageEvent) are lazy getters that load Node's bundled undici, ~700 KB of source and ~5 MiB of
 * RSS for nothing the agent uses (Node 24; measured for agent/README.md, "Memory"). node:https
 * has no such getters and is imported normally. Types come from `import type`, which is erased.
 */
export const http = createRequire(import.meta.url)('node:http') as typeof Http;
