/**
 * Time bombs in the local run, installed the way the agent chart installs them in a cluster:
 * a serving certificate for the agent's admission webhook, the Mutating- and
 * ValidatingWebhookConfiguration built from the same contract (AGENT_WEBHOOKS) pointing at it,
 * and then workloads with `timer`/`sku` created through the API server — kube-sim — which calls
 * the webhook, so their validity is stamped by the agent, not written by this script.
 */
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { buildWebhookConfigurations, makeWebhookCertificates } from '../../agent/src/index.js';
import { type KubeSim, loadFixture, mustResource } from '../../testing/kube-sim/src/index.js';
import { type DemoNamespace, timeBombFixtureFor } from './seed.js';

/** The agent's side of the webhook: its serving certificate's files and the CA that signed it. */
export interface DemoWebhookCerts {
  certFile: string;
  keyFile: string;
  caCert: string;
}

/** What the chart would name the webhook Service; the local run dials 127.0.0.1 instead. */
const SERVICE = { name: 'curfew-agent-webhook', namespace: 'curfew-system' };

/** A CA and a serving certificate (for 127.0.0.1) in `dir`, as the chart's Secret holds them. */
export async function makeDemoWebhookCerts(dir: string, clusterId: string) {
  const certs = await makeWebhookCertificates({
    service: SERVICE.name,
    namespace: SERVICE.namespace,
    extraHosts: ['127.0.0.1'],
  });
  const certFile = join(dir, `${clusterId}-webhook-tls.crt`);
  const keyFile = join(dir, `${clusterId}-webhook-tls.key`);
  writeFileSync(certFile, certs.cert);
  writeFileSync(keyFile, certs.key, { mode: 0o600 });
  return { certFile, keyFile, caCert: certs.caCert } satisfies DemoWebhookCerts;
}

/** Waits until the webhook answers its health check over TLS verified against `caCert`. */
export async function waitWebhookReady(
  port: number,
  caCert: string,
  withinMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/healthz', ca: caCert, timeout: 2_000 },
        (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        },
      );
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (ok) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the agent's admission webhook on 127.0.0.1:${port} did not answer within ${withinMs / 1000} s; see its agent-*.log`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Installs both webhook configurations in the cluster, as `helm install` of the agent chart
 * does (opt-in mode, the agent's namespace excluded), calling `https://127.0.0.1:<port>`.
 */
export async function installWebhooks(sim: KubeSim, port: number, caCert: string): Promise<void> {
  const configs = buildWebhookConfigurations({
    name: 'curfew-agent',
    endpoint: { url: `https://127.0.0.1:${port}` },
    caCert,
    mode: 'opt-in',
    agentNamespace: SERVICE.namespace,
    systemNamespaces: [],
  });
  await loadFixture(
    sim.api,
    [configs.mutating, configs.validating].map((c) => JSON.stringify(c)).join('\n---\n'),
  );
}

export interface SeededTimeBomb {
  namespace: string;
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  timer: string;
  sku: string;
  /** What the webhook stamped (`curfew.dev/valid-until`), in epoch ms. */
  validUntil: number;
}

const RT = {
  Deployment: mustResource('apps', 'deployments'),
  StatefulSet: mustResource('apps', 'statefulsets'),
};

/**
 * Creates the namespaces' time-bomb workloads through kube-sim (so admission runs) and reads
 * back what the webhook stamped. Throws, naming the workload, when nothing was stamped: with
 * `failurePolicy: Ignore` an unreachable webhook admits silently, which would leave the tour's
 * time bombs without a deadline.
 */
export async function seedTimeBombs(
  sim: KubeSim,
  namespaces: DemoNamespace[],
): Promise<SeededTimeBomb[]> {
  await loadFixture(sim.api, timeBombFixtureFor(namespaces));
  return namespaces.flatMap((ns) =>
    (ns.timeBombs ?? []).map((w) => {
      const object = sim.api.get(RT[w.kind], ns.name, w.name) as {
        spec?: { template?: { metadata?: { annotations?: Record<string, string> } } };
      };
      const stamped = object.spec?.template?.metadata?.annotations?.['curfew.dev/valid-until'];
      if (stamped === undefined) {
        throw new Error(
          `the admission webhook did not stamp ${w.kind} ${ns.name}/${w.name} (no curfew.dev/valid-until): is the agent's webhook up? See its agent-*.log`,
        );
      }
      return {
        namespace: ns.name,
        kind: w.kind,
        name: w.name,
        timer: w.timer,
        sku: w.sku,
        validUntil: Number(stamped) * 1000,
      };
    }),
  );
}
