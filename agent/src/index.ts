/**
 * @curfew/agent — the per-cluster Curfew agent.
 *
 * Run: `tsx agent/src/index.ts` (Node 24). Configuration: environment variables and an
 * optional file (CURFEW_CONFIG_FILE); see src/config/schema.ts for every setting.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { KubeConfig } from '@kubernetes/client-node';
import { type Logger, pino } from 'pino';
import { startAdmissionServer } from './admission/index.js';
import { Agent } from './agent.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config/load.js';
import type { AgentConfig } from './config/schema.js';
import { RealKube } from './kube/real-kube.js';
import { startHttpServer } from './observe/http-server.js';
import { createMetrics } from './observe/metrics.js';
import { readServingCert, watchServingCert } from './tls/index.js';

export { AGENT_VERSION, Agent, type AgentOptions, CAPABILITIES } from './agent.js';
export { ANN } from './annotations.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export { ConfigError, loadConfig } from './config/load.js';
export { type AgentConfig, configSchema, ENV_NAMES } from './config/schema.js';
export { ClusterCache } from './kube/cache.js';
export { isRetryable, KubeError } from './kube/errors.js';
export { FakeCluster } from './kube/fake-cluster.js';
export { CrashedError, FakeKube } from './kube/fake-kube.js';
export { RealKube } from './kube/real-kube.js';
export type { KubeApi, WatchEvent, WatchedObject, WorkloadKind } from './kube/types.js';
export { FIELD_MANAGER } from './kube/types.js';
export { LeaseElector } from './leader/lease-elector.js';
export { Backoff } from './link/backoff.js';
export { HubLink } from './link/hub-link.js';
export { NotificationQueue } from './link/notification-queue.js';
export { startHttpServer } from './observe/http-server.js';
export { createMetrics } from './observe/metrics.js';

/** How long SIGTERM handling may take before the process exits anyway (kubelet grace is 30 s). */
const SHUTDOWN_TIMEOUT_MS = 20_000;

function kubeConfigFor(config: AgentConfig): KubeConfig {
  const kc = new KubeConfig();
  // In a pod: the service account. Locally: $KUBECONFIG or ~/.kube/config.
  if (config.kubeconfig) kc.loadFromFile(config.kubeconfig);
  else kc.loadFromDefault();
  return kc;
}

/** TLS to the hub (optionally with a private CA), or plaintext for local runs. */
export function hubCredentials(config: AgentConfig): grpc.ChannelCredentials {
  if (!config.hub.tls) return grpc.credentials.createInsecure();
  const ca = config.hub.caFile ? readFileSync(config.hub.caFile) : undefined;
  return grpc.credentials.createSsl(ca);
}

/**
 * The time-bomb admission webhooks, on every replica (the API server may call either pod).
 * The certificate is re-read when the mounted Secret changes (cert-manager renewals).
 */
async function startWebhooks(config: AgentConfig, agent: Agent, log: Logger) {
  const { certFile, keyFile, port } = config.webhook;
  if (!certFile || !keyFile) return undefined;
  const files = { certFile, keyFile };
  const tls = await readServingCert(files);
  const server = await startAdmissionServer({
    port,
    tls,
    policy: agent.policy,
    now: Date.now,
    logger: log.child({ component: 'admission' }),
  });
  const watch = watchServingCert(files, tls, (next) => server.setTls(next), {
    intervalMs: 60_000,
    onError: (error) => log.warn({ err: error }, 'webhook certificate reload failed'),
  });
  log.info({ port: server.port }, 'admission webhooks listening');
  return {
    port: server.port,
    close: async () => {
      watch.stop();
      await server.close();
    },
  };
}

/** Reads the configuration, starts everything, and stops cleanly on SIGTERM. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: AgentConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = pino({
    level: config.logLevel,
    base: { cluster: config.clusterId, instance: config.instanceId },
  });
  const metrics = createMetrics({ defaultMetrics: true });
  const agent = new Agent({
    config,
    kube: new RealKube(kubeConfigFor(config), log.child({ component: 'kube' })),
    clock: systemClock,
    random: Math.random,
    log,
    hubCredentials: hubCredentials(config),
    metrics,
  });
  const http = await startHttpServer(config.httpPort, metrics.registry, {
    healthy: () => true,
    ready: () => agent.isReady,
  });
  log.info({ port: http.port }, 'probes and metrics listening');
  const webhook = await startWebhooks(config, agent, log);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: releasing leadership');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS);
    force.unref();
    void agent
      .stop()
      .then(() => webhook?.close())
      .then(() => http.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await agent.start();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`curfew agent failed to start: ${String(error)}\n`);
    process.exit(1);
  });
}
