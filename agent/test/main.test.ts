import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnNode } from '@curfew/test-support';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWebhookCertificates } from '../src/tls/index.js';
import { TOKEN } from './support/harness.js';
import { KubeSimDriver } from './support/kube-sim-driver.js';
import { eventually, TestHub } from './support/test-hub.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'agent', 'src', 'main.ts');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function run(env: Record<string, string>) {
  // The real Node binary with tsx's loader (not a wrapper): signals reach the agent process
  // itself, as in a pod.
  const child: ChildProcess = spawnNode(entry, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  return { child, output: () => ({ stderr, stdout }) };
}

describe('the agent process (src/index.ts)', () => {
  it('refuses to start on bad configuration and says which setting is wrong', async () => {
    const { child, output } = run({ CURFEW_HUB_ADDRESS: 'no-port', CURFEW_HUB_TOKEN: 'short' });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(output().stderr).toMatch(/CURFEW_CLUSTER_ID \(clusterId\): is required/);
    expect(output().stderr).toMatch(/CURFEW_HUB_ADDRESS \(hub.address\): must be host:port/);
    expect(output().stderr).toMatch(/CURFEW_HUB_TOKEN \(hub.token\): must be the agent token/);
  }, 30_000);

  it('serves probes, metrics and the admission webhooks, leads, connects to the hub, and releases the Lease on SIGTERM', async () => {
    const driver = await KubeSimDriver.start();
    cleanups.push(() => driver.stop());
    await driver.addNamespace('curfew-system');
    const hub = new TestHub(TOKEN);
    const address = await hub.start();
    cleanups.push(() => hub.stop());
    const port = await freePort();
    const webhookPort = await freePort();
    const certs = await makeWebhookCertificates({
      service: 'curfew-agent-webhook',
      namespace: 'curfew-system',
      extraHosts: ['127.0.0.1'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'curfew-webhook-'));
    writeFileSync(join(dir, 'tls.crt'), certs.cert);
    writeFileSync(join(dir, 'tls.key'), certs.key);
    const { child, output } = run({
      CURFEW_WEBHOOK_PORT: String(webhookPort),
      CURFEW_WEBHOOK_CERT_FILE: join(dir, 'tls.crt'),
      CURFEW_WEBHOOK_KEY_FILE: join(dir, 'tls.key'),
      KUBECONFIG: driver.sim.kubeconfigPath,
      CURFEW_CLUSTER_ID: 'dev-1',
      CURFEW_HUB_ADDRESS: address,
      CURFEW_HUB_TOKEN: TOKEN,
      CURFEW_HUB_TLS: 'false',
      POD_NAME: 'curfew-agent-0',
      POD_NAMESPACE: 'curfew-system',
      CURFEW_HTTP_PORT: String(port),
    });
    const get = async (path: string) => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        return { status: res.status, text: await res.text() };
      } catch {
        return { status: 0, text: '' };
      }
    };
    await eventually(async () => (await get('/readyz')).status === 200, 20_000).catch((e) => {
      throw new Error(`${e}\n${output().stderr}\n${output().stdout.slice(-2000)}`);
    });
    expect((await get('/healthz')).status).toBe(200);
    // The admission webhooks are served too, over TLS with the mounted certificate.
    const webhookHealth = await new Promise<number>((resolve, reject) =>
      httpsGet(
        { host: '127.0.0.1', port: webhookPort, path: '/healthz', ca: certs.caCert },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      ).on('error', reject),
    );
    expect(webhookHealth).toBe(200);
    await eventually(() => hub.hellos().length > 0, 10_000);
    expect(hub.hellos()[0]).toMatchObject({ clusterId: 'dev-1', instanceId: 'curfew-agent-0' });
    const metrics = await get('/metrics');
    expect(metrics.text).toMatch(/^curfew_agent_leader 1$/m);
    expect(metrics.text).toMatch(/^curfew_agent_hub_connected 1$/m);
    const leases = driver.kubeConfig.makeApiClient(CoordinationV1Api);
    const held = await leases.readNamespacedLease({
      name: 'curfew-agent',
      namespace: 'curfew-system',
    });
    expect(held.spec?.holderIdentity).toBe('curfew-agent-0');
    expect(held.spec?.leaseDurationSeconds).toBe(15);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    const released = await leases.readNamespacedLease({
      name: 'curfew-agent',
      namespace: 'curfew-system',
    });
    expect(released.spec?.holderIdentity ?? '').toBe('');
    expect(output().stdout).toMatch(/"msg":"released leadership"/);
  }, 40_000);
});
