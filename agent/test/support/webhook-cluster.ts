import type { AgentWebhooks } from '@curfew/contracts';
import { ANNOTATIONS, type Clock } from '@curfew/core';
import {
  buildWebhookConfigurations,
  type ScaleTargetLookup,
  startAdmissionServer,
} from '../../src/admission/index.js';
import { makeWebhookCertificates, type WebhookCertificates } from '../../src/tls/index.js';
import { memoryLogger, POLICY } from './admission.js';
import { KubeSimDriver } from './kube-sim-driver.js';
import { type ShellResult, shell } from './shell.js';

const SERVICE = { name: 'curfew-agent-webhook', namespace: 'curfew-system' };

export type KubectlResult = ShellResult;

export interface WebhookCluster {
  driver: KubeSimDriver;
  /** Runs the real kubectl against kube-sim (`args` as typed after `kubectl`). */
  kubectl(args: string, input?: string): Promise<KubectlResult>;
  /** `kubectl get <args> -o json`, parsed; undefined when kubectl fails. */
  get(args: string): Promise<unknown>;
  /** (Re)installs the webhook configurations, from the contract or the given webhooks. */
  install(hooks?: AgentWebhooks): Promise<void>;
  stop(): Promise<void>;
}

/**
 * kube-sim calling the agent's real admission server (HTTPS, AdmissionReview v1, configured by
 * buildWebhookConfigurations), with people acting through the real kubectl binary. The clock is
 * shared by kube-sim and the webhooks; `scaleTarget` is what the agent's cache would answer.
 */
export async function startWebhookCluster(
  clock: Pick<Clock, 'now'>,
  options: { scaleTarget?: ScaleTargetLookup } = {},
): Promise<WebhookCluster> {
  const certs: WebhookCertificates = await makeWebhookCertificates({
    service: SERVICE.name,
    namespace: SERVICE.namespace,
    extraHosts: ['127.0.0.1'],
  });
  const server = await startAdmissionServer({
    port: 0,
    host: '127.0.0.1',
    tls: { cert: certs.cert, key: certs.key },
    policy: POLICY,
    clock,
    logger: memoryLogger(),
    ...(options.scaleTarget ? { scaleTarget: options.scaleTarget } : {}),
  });
  const driver = await KubeSimDriver.start({
    now: () => clock.now(),
    // No cluster network: the Service the webhook configuration names is this server.
    resolveService: (svc) =>
      svc.name === SERVICE.name && svc.namespace === SERVICE.namespace && svc.port === 443
        ? `https://127.0.0.1:${server.port}`
        : undefined,
  });
  const kubectl = (args: string, input?: string) =>
    shell(driver.sim.kubeconfigPath, `kubectl ${args}`, input);
  const cluster: WebhookCluster = {
    driver,
    kubectl,
    async get(args) {
      const r = await kubectl(`get ${args} -o json`);
      return r.code === 0 ? JSON.parse(r.stdout) : undefined;
    },
    async install(hooks) {
      const configs = buildWebhookConfigurations({
        name: 'curfew-agent',
        endpoint: { service: SERVICE },
        caCert: certs.caCert,
        mode: POLICY.mode,
        agentNamespace: POLICY.agentNamespace,
        systemNamespaces: POLICY.systemNamespaces,
        ...(hooks ? { hooks } : {}),
      });
      const list = {
        apiVersion: 'v1',
        kind: 'List',
        items: [configs.mutating, configs.validating],
      };
      await kubectl('delete mutatingwebhookconfiguration,validatingwebhookconfiguration --all');
      // kube-sim's OpenAPI does not describe admissionregistration, which kubectl validates against.
      const created = await kubectl('create --validate=false -f -', JSON.stringify(list));
      if (created.code !== 0) throw new Error(`installing the webhooks failed: ${created.stderr}`);
    },
    async stop() {
      await driver.stop();
      await server.close();
    },
  };
  return cluster;
}

/** A Deployment manifest whose pod template carries a time bomb (`timer`, `sku`). */
export function timeBombDeployment(
  name: string,
  namespace: string,
  timer: string,
  sku: string,
  replicas = 2,
  kind: 'Deployment' | 'StatefulSet' = 'Deployment',
): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace },
    spec: {
      replicas,
      ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { app: name },
          annotations: { [ANNOTATIONS.timer]: timer, [ANNOTATIONS.sku]: sku },
        },
        spec: { containers: [{ name, image: 'registry.example/app:1' }] },
      },
    },
  });
}

/** Moves a shared ManualClock, letting the agent's timers fire and their API calls land. */
export function advancing(
  clock: { advance(ms: number, settle: () => Promise<void>): Promise<void> },
  agent: () => { reconciler: { idle(): Promise<void> } },
) {
  return (ms: number) =>
    clock.advance(ms, async () => {
      await new Promise((r) => setTimeout(r, 20));
      await agent().reconciler.idle();
    });
}
