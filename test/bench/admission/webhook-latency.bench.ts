/**
 * Admission webhook latency at 500 requests/s on loopback, side by side with a bare HTTPS echo
 * server in the same run (same certificate, same keep-alive client). The echo server is the
 * floor: TLS, HTTP parsing and the event loop, no decision. Open loop: requests are sent on a
 * fixed 2 ms schedule whether or not earlier ones have answered, and latency counts from the
 * scheduled send, so a stall shows up instead of slowing the load down.
 * Numbers are printed and recorded, never asserted. Run: bin/bench test/bench/admission
 */
import { Agent, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeWebhookCertificates, startAdmissionServer, webhookPaths } from '@curfew/agent';
import { systemClock } from '@curfew/core';
import { test } from 'vitest';
import { recordFigures, versusBaseline } from '../support/figures.js';
import { openLoop, percentile } from '../support/open-loop.js';
import { sized } from '../support/size.js';

const RATE = 500;
/** Each server runs ROUNDS × SECONDS, alternating, so neither always goes first. */
const { SECONDS, ROUNDS, WARMUP, COMPARE_MS } = sized({
  full: { SECONDS: 1, ROUNDS: 2, WARMUP: 300, COMPARE_MS: 500 },
  smoke: { SECONDS: 0.2, ROUNDS: 1, WARMUP: 20, COMPARE_MS: 50 },
});

const review = JSON.stringify({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    namespace: 'dev',
    name: 'web',
    operation: 'CREATE',
    userInfo: { username: 'alice@example.com', groups: ['system:authenticated'] },
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'dev', labels: { app: 'web', team: 'payments' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: {
            labels: { app: 'web' },
            annotations: { 'curfew.dev/timer': '90m', 'curfew.dev/sku': '/tribe/squad/web' },
          },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                ports: [{ containerPort: 80 }],
                env: [{ name: 'MODE', value: 'dev' }],
                resources: { requests: { cpu: '100m', memory: '64Mi' } },
              },
            ],
          },
        },
      },
    },
    oldObject: null,
    dryRun: false,
  },
});

function post(agent: Agent, ca: string, port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        ca,
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(review),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(review);
  });
}

/** Latencies (ms) of RATE×SECONDS requests sent on a fixed schedule. */
const runOpenLoop = (send: () => Promise<void>) =>
  openLoop(send, { rate: RATE, total: RATE * SECONDS });
const pct = percentile;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

test('admission webhook vs bare HTTPS echo at 500 requests/s', { timeout: 60_000 }, async ({
  bench,
  task,
}) => {
  const certs = await makeWebhookCertificates({
    service: 'curfew-agent-webhook',
    namespace: 'curfew-system',
    extraHosts: ['127.0.0.1'],
  });
  const webhook = await startAdmissionServer({
    port: 0,
    host: '127.0.0.1',
    tls: { cert: certs.cert, key: certs.key },
    policy: {
      mode: 'opt-in',
      defaultUptime: 'Mon-Fri 08:00-19:00 Europe/Berlin',
      reminderOffsetsMinutes: [60, 30, 15],
      systemNamespaces: [],
      agentNamespace: 'curfew-system',
    },
    clock: systemClock,
    logger: { info: () => {}, warn: () => {} },
  });
  // The floor: same TLS and keep-alive settings, reads the body and answers it back as JSON.
  const echo = createServer(
    { cert: certs.cert, key: certs.key, keepAliveTimeout: 60_000 },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
        res.end(body);
      });
    },
  );
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  const echoPort = (echo.address() as AddressInfo).port;
  // Like kube-apiserver: a pool of kept-alive connections per webhook.
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const mutate = webhookPaths().mutate;
  const sendWebhook = () => post(agent, certs.caCert, webhook.port, `${mutate}?timeout=5s`);
  const sendEcho = () => post(agent, certs.caCert, echoPort, '/echo');
  try {
    for (let i = 0; i < WARMUP; i++) await Promise.all([sendWebhook(), sendEcho()]);
    const echoRun: number[] = [];
    const webhookRun: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      echoRun.push(...(await runOpenLoop(sendEcho)));
      webhookRun.push(...(await runOpenLoop(sendWebhook)));
    }
    echoRun.sort((a, b) => a - b);
    webhookRun.sort((a, b) => a - b);
    const row = (name: string, l: number[]) =>
      `${name.padEnd(26)} p50 ${fmt(pct(l, 50)).padStart(9)}  p99 ${fmt(pct(l, 99)).padStart(9)}  max ${fmt(l.at(-1) ?? 0).padStart(9)}  (${l.length} requests)`;
    console.log(
      [
        `admission latency at ${RATE} requests/s, ${ROUNDS}×${SECONDS}s each, loopback HTTPS, keep-alive:`,
        row('bare HTTPS echo', echoRun),
        row(`webhook ${mutate}`, webhookRun),
        `ratio webhook/echo: p50 ${(pct(webhookRun, 50) / pct(echoRun, 50)).toFixed(2)}x, p99 ${(pct(webhookRun, 99) / pct(echoRun, 99)).toFixed(2)}x`,
      ].join('\n'),
    );
    const percentiles = (l: number[]) => ({ p50: pct(l, 50), p99: pct(l, 99) });
    recordFigures(
      task,
      versusBaseline(
        { measured: 'webhook', baseline: 'HTTPS echo' },
        percentiles(webhookRun),
        percentiles(echoRun),
      ),
    );
    // vitest's own closed-loop view of the same two calls (throughput and its percentiles).
    const closed = await bench.compare(
      bench('bare HTTPS echo (baseline)', sendEcho),
      bench('webhook', sendWebhook),
      { time: COMPARE_MS, warmupIterations: 20 },
    );
    recordFigures(task, {
      'closed-loop throughput webhook/echo (x)':
        closed.get('webhook').throughput.mean /
        closed.get('bare HTTPS echo (baseline)').throughput.mean,
    });
  } finally {
    agent.destroy();
    await webhook.close();
    echo.closeAllConnections();
    await new Promise<void>((r) => echo.close(() => r()));
  }
});
