/**
 * Process entry point of the per-cluster Curfew agent: only wiring. `node --import tsx
 * agent/src/main.ts` in development (Node 24), `dist/main.js` in the image; `index.ts` is the
 * library surface. Configuration: environment variables and an optional file
 * (CURFEW_CONFIG_FILE); see src/config/schema.ts for every setting.
 */

import { systemClock } from '@curfew/core';
import { type Logger, pino } from 'pino';
import { scaleTargetFromCache, startAdmissionServer } from './admission/index.js';
import { Agent } from './agent.js';
import { ConfigError, loadConfig } from './config/load.js';
import type { AgentConfig } from './config/schema.js';
import { KubeConnectionError, type KubeTarget, resolveKubeTarget } from './kube/http/index.js';
import { RealKube } from './kube/real-kube.js';
import { hubCredentials } from './link/hub-credentials.js';
import { collectGarbage } from './observe/collect-garbage.js';
import { startHttpServer } from './observe/http-server.js';
import { createMetrics } from './observe/metrics.js';
import { readServingCert, watchServingCert } from './tls/index.js';

/** An unref'd timer: it never keeps the process alive on its own. */
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The longest the second GC waits for the startup work (a hub that is away). */
const STARTUP_WORK_WAIT_MS = 60_000;

/**
 * In the steady state the agent allocates slowly (watch events, decisions), so V8 runs no major
 * GC for many minutes and what it promoted meanwhile stays committed: +6 MiB of RSS over 10
 * minutes of churn at 20,000 pods while the live heap stayed the same (agent/README.md,
 * "Memory"). A memory-reducing GC this often bounds that, for some tens of milliseconds of one
 * core each time at that size.
 */
const STEADY_GC_INTERVAL_MS = 5 * 60_000;

/** How long SIGTERM handling may take before the process exits anyway (kubelet grace is 30 s). */
const SHUTDOWN_TIMEOUT_MS = 20_000;

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
    host: config.bindAddress,
    tls,
    policy: agent.policy,
    clock: systemClock,
    logger: log.child({ component: 'admission' }),
    // `kubectl scale` sends a Scale without annotations: the time bomb is the workload's.
    scaleTarget: scaleTargetFromCache(agent.cache),
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
async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: AgentConfig;
  let target: KubeTarget;
  try {
    config = loadConfig(env);
    // In a pod: the service account. Locally: $KUBECONFIG or ~/.kube/config.
    target = resolveKubeTarget(config.kubeconfig, env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KubeConnectionError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = pino({
    level: config.logLevel,
    base: { cluster: config.clusterId, instance: config.instanceId },
  });
  log.info({ kube: target.source, server: target.server }, 'Kubernetes API');
  const metrics = createMetrics({ defaultMetrics: true });
  const agent = new Agent({
    config,
    kube: new RealKube(target, log.child({ component: 'kube' })),
    clock: systemClock,
    random: Math.random,
    log,
    hubCredentials: hubCredentials(config),
    metrics,
  });
  const http = await startHttpServer(
    config.httpPort,
    metrics.registry,
    { healthy: () => true, ready: () => agent.isReady },
    config.bindAddress,
  );
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
  // The initial LIST's parsed pages are garbage now (observe/collect-garbage.ts).
  collectGarbage();
  // And once more when the startup work is done (a decision on every namespace, the first full
  // snapshot to the hub), whose garbage the first GC could not see yet: ~8 MiB of V8's heap at
  // 20,000 pods (agent/README.md, "Memory"). A hub that stays away delays it a minute at most.
  void Promise.race([agent.startupWork(), delay(STARTUP_WORK_WAIT_MS)]).then(collectGarbage);
  setInterval(collectGarbage, STEADY_GC_INTERVAL_MS).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(`curfew agent failed to start: ${String(error)}\n`);
  process.exit(1);
});
