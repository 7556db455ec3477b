import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { AgentConfig } from '../config/schema.js';

/** TLS to the hub (optionally with a private CA), or plaintext for local runs. */
export function hubCredentials(config: AgentConfig): grpc.ChannelCredentials {
  if (!config.hub.tls) return grpc.credentials.createInsecure();
  const ca = config.hub.caFile ? readFileSync(config.hub.caFile) : undefined;
  return grpc.credentials.createSsl(ca);
}
