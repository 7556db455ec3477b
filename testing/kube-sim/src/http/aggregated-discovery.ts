import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DiscoveryVersion } from '../discovery-aggregated.js';
import {
  aggregatedDiscovery,
  discoveryContentType,
  discoveryETag,
} from '../discovery-aggregated.js';
import type { ResourceType } from '../resources.js';

/**
 * ServeHTTPWithETag: the document with its ETag (a matching If-None-Match is a 304), `Vary:
 * Accept` because the same path also answers the legacy document, and `Cache-Control: public`.
 */
export function sendAggregatedDiscovery(
  req: IncomingMessage,
  res: ServerResponse,
  path: '/api' | '/apis',
  v: DiscoveryVersion,
  types: readonly ResourceType[],
): void {
  const etag = JSON.stringify(discoveryETag(aggregatedDiscovery(path, 'v2', types)));
  res.setHeader('ETag', etag);
  res.setHeader('Vary', 'Accept');
  res.setHeader('Cache-Control', 'public');
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': discoveryContentType(v) });
  res.end(JSON.stringify(aggregatedDiscovery(path, v, types)));
}
