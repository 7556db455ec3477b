/**
 * The webhooks for real: kube-sim (a kube-apiserver stand-in) calls the admission server over
 * HTTPS with AdmissionReview v1, verifying the caBundle, exactly as configured by
 * buildWebhookConfigurations from the webhook contract (what the chart renders); requests come from the real
 * kubectl binary.
 */
import { ANNOTATIONS, DURATION_FORMS } from '@curfew/core';
import { type KubeSim, startKubeSim } from '@curfew/kube-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdmissionServer,
  buildWebhookConfigurations,
  startAdmissionServer,
} from '../../src/admission/index.js';
import { makeWebhookCertificates } from '../../src/tls/index.js';
import { memoryLogger, POLICY } from '../support/admission.js';
import { shell } from '../support/shell.js';

const SERVICE = { name: 'curfew-agent-webhook', namespace: 'curfew-system' };
let sim: KubeSim;
let server: AdmissionServer;
/** The admission server's clock; tests move it forward past expiry. */
let clock = Date.now();

const sh = (command: string, input?: string) => shell(sim.kubeconfigPath, command, input);
const kubectl = (args: string, input?: string) => sh(`kubectl ${args}`, input);

async function getJson(args: string) {
  const r = await kubectl(`get ${args} -o json`);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

function deployment(opts: { timer: string; replicas: number; name?: string }): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: opts.name ?? 'web', namespace: 'dev' },
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: {
          labels: { app: 'web' },
          annotations: { [ANNOTATIONS.timer]: opts.timer, [ANNOTATIONS.sku]: '/tribe/squad/web' },
        },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  });
}

function stalePod(namespace: string, name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      annotations: {
        [ANNOTATIONS.validUntil]: String(Math.floor(clock / 1000) - 60),
        [ANNOTATIONS.sku]: '/tribe/squad/job',
      },
    },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
  });
}

beforeAll(async () => {
  const certs = await makeWebhookCertificates({
    service: SERVICE.name,
    namespace: SERVICE.namespace,
    extraHosts: ['127.0.0.1'],
  });
  server = await startAdmissionServer({
    port: 0,
    host: '127.0.0.1',
    tls: { cert: certs.cert, key: certs.key },
    policy: POLICY,
    clock: { now: () => clock },
    logger: memoryLogger(),
  });
  sim = await startKubeSim({
    // There is no cluster network: the Service the configuration names is this server.
    resolveService: (svc) =>
      svc.name === SERVICE.name && svc.namespace === SERVICE.namespace && svc.port === 443
        ? `https://127.0.0.1:${server.port}`
        : undefined,
  });
  const configs = buildWebhookConfigurations({
    name: 'curfew-agent',
    endpoint: { service: SERVICE },
    caCert: certs.caCert,
    mode: POLICY.mode,
    agentNamespace: POLICY.agentNamespace,
    systemNamespaces: POLICY.systemNamespaces,
  });
  const list = { apiVersion: 'v1', kind: 'List', items: [configs.mutating, configs.validating] };
  const setup = [
    // kube-sim's OpenAPI does not describe admissionregistration, which kubectl validates against.
    await kubectl('create --validate=false -f -', JSON.stringify(list)),
    await kubectl('create namespace dev'),
    await kubectl('label namespace dev curfew.dev/managed=true'),
    await kubectl('create namespace free'),
  ];
  for (const r of setup) expect(r.stderr).toBe('');
});

afterAll(async () => {
  await sim?.stop();
  await server?.close();
});

describe('time-bomb webhooks called by the API server', () => {
  it('applying a Deployment with a 1m timer on its pod template stamps the template, and its Pods inherit it', async () => {
    const applied = await kubectl('apply -f -', deployment({ timer: '1m', replicas: 2 }));
    expect(applied.stderr).toBe('');
    const stamped = Math.floor(clock / 1000) + 60;
    const dep = await getJson('deployment web -n dev');
    expect(dep.spec.template.metadata.annotations).toMatchObject({
      [ANNOTATIONS.validUntil]: String(stamped),
      [ANNOTATIONS.validUntilHuman]: `${new Date(stamped * 1000).toISOString().slice(0, 19)}Z`,
    });
    // The ReplicaSet's Pods go through the webhooks too, and must not restart the clock.
    clock += 10_000;
    let pods: Array<{ metadata: { annotations: Record<string, string> } }> = [];
    for (let i = 0; i < 100 && pods.length < 2; i++) {
      pods = (await getJson('pods -n dev -l app=web')).items;
      if (pods.length < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(pods).toHaveLength(2);
    for (const pod of pods)
      expect(pod.metadata.annotations[ANNOTATIONS.validUntil]).toBe(String(stamped));
  });

  it('creating a Pod whose validity has passed is refused with how to extend it', async () => {
    const r = await kubectl('create -f -', stalePod('dev', 'stale'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'admission webhook "time-bombs.validate.curfew.dev" denied the request: Pod dev/stale expired at',
    );
    expect(r.stderr).toContain('in Slack run `/devenv extend /tribe/squad/job 1h`');
    expect(r.stderr).toContain('kubectl annotate --local -f <manifest>');
    expect((await kubectl('get pod stale -n dev')).code).not.toBe(0);
  });

  it('a bad timer is refused by the mutating webhook, naming the accepted forms', async () => {
    const r = await kubectl('apply -f -', deployment({ timer: 'soon', replicas: 1, name: 'typo' }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'admission webhook "time-bombs.mutate.curfew.dev" denied the request',
    );
    expect(r.stderr).toContain(DURATION_FORMS);
  });

  it('namespaces that are not opted in are not looked at', async () => {
    const r = await kubectl('create -f -', stalePod('free', 'stale'));
    expect(r.stderr).toBe('');
  });

  it('after expiry the agent may scale to 0, scaling up is refused, and the kubectl advice extends it', async () => {
    clock += 120_000;
    // What the agent does on expiry: replicas 0 and previous-replicas in one PATCH.
    const suspend = await kubectl(
      `patch deployment web -n dev --type=merge -p '${JSON.stringify({
        metadata: { annotations: { [ANNOTATIONS.previousReplicas]: '2' } },
        spec: { replicas: 0 },
      })}'`,
    );
    expect(suspend.stderr).toBe('');

    const scaleUp = await kubectl('apply -f -', deployment({ timer: '1m', replicas: 2 }));
    expect(scaleUp.code).not.toBe(0);
    expect(scaleUp.stderr).toContain('Deployment dev/web expired at');
    expect(scaleUp.stderr).toContain('`/devenv extend /tribe/squad/web 1h`');

    const advice = /or with kubectl: `([^`]+)`/.exec(scaleUp.stderr)?.[1];
    expect(advice).toMatch(/^kubectl patch deployment\/web -n dev /);
    const extended = await sh(advice ?? 'false');
    expect(extended.stderr).toBe('');
    const dep = await getJson('deployment web -n dev');
    expect(dep.spec.template.metadata.annotations).toMatchObject({
      [ANNOTATIONS.timer]: '1h',
      [ANNOTATIONS.validUntil]: String(Math.floor(clock / 1000) + 3600),
    });

    const again = await kubectl('apply -f -', deployment({ timer: '1h', replicas: 2 }));
    expect(again.stderr).toBe('');
    expect((await getJson('deployment web -n dev')).spec.replicas).toBe(2);
  });
});
