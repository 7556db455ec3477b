/**
 * The agent at the scale the issue names (full size; the smoke size is a few dozen objects), on
 * kube-sim, side by side with kubectl in the same run:
 * 1. suspend a namespace with 500 Deployments: the agent (hub command → result, through its
 *    informer cache, bounded concurrency, previous-replicas in the same PATCH) vs
 *    `kubectl scale deployment --all --replicas=0` — wall time and API requests each;
 * 2. the agent's heap while watching 1,000 namespaces with 20,000 pods.
 * Numbers are printed and recorded, never asserted. Run: bin/bench test/bench/agent
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { systemClock } from '@curfew/core';
import { mustResource } from '@curfew/kube-sim';
import { Action, CommandStatus } from '@curfew/proto';
import { test } from 'vitest';
import { makeAgent, startHub } from '../../../agent/test/support/harness.js';
import { KubeSimDriver } from '../../../agent/test/support/kube-sim-driver.js';
import { eventually } from '../../../agent/test/support/test-hub.js';
import { recordFigures } from '../support/figures.js';
import { sized } from '../support/size.js';

const run = promisify(execFile);
const { DEPLOYMENTS, ROUNDS, NAMESPACES, WATCHED_PODS } = sized({
  full: { DEPLOYMENTS: 500, ROUNDS: 3, NAMESPACES: 1000, WATCHED_PODS: 20_000 },
  smoke: { DEPLOYMENTS: 20, ROUNDS: 1, NAMESPACES: 20, WATCHED_PODS: 200 },
});
const count = (n: number) => n.toLocaleString('en-US');
const DEPLOY = mustResource('apps', 'deployments');
const NS = mustResource('', 'namespaces');
const PODS = mustResource('', 'pods');
// A real GC between measurements, so heap numbers are live objects rather than garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function populate(driver: KubeSimDriver, namespace: string) {
  await driver.sim.api.create(NS, '', {
    metadata: { name: namespace, labels: { 'curfew.dev/managed': 'true' } },
  });
  for (let i = 0; i < DEPLOYMENTS; i++) {
    await driver.sim.api.create(DEPLOY, namespace, {
      metadata: { name: `app-${i}` },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: `app-${i}` } },
        template: {
          metadata: { labels: { app: `app-${i}` } },
          spec: {
            containers: [
              { name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m' } } },
            ],
          },
        },
      },
    });
  }
}

/** Puts every Deployment back to 1 replica between rounds (in-process, not measured). */
async function reset(driver: KubeSimDriver, namespace: string) {
  for (let i = 0; i < DEPLOYMENTS; i++) {
    await driver.sim.api.patch(DEPLOY, namespace, `app-${i}`, '', 'merge', {
      metadata: { annotations: { 'curfew.dev/previous-replicas': null } },
      spec: { replicas: 1 },
    });
  }
  await driver.sim.api.patch(NS, '', namespace, '', 'merge', {
    metadata: { annotations: { 'curfew.dev/state': null, 'curfew.dev/command-ids': null } },
  });
}

test(`suspend ${count(DEPLOYMENTS)} Deployments: agent vs kubectl scale --all`, {
  timeout: 900_000,
}, async ({ task }) => {
  const driver = await KubeSimDriver.start();
  const { hub, address } = await startHub();
  // Real clock; uptime 'always' so no schedule fires during a measurement.
  const agent = makeAgent(driver.connect(), address, systemClock, { uptime: 'always' });
  try {
    await populate(driver, 'bench-agent');
    await populate(driver, 'bench-kubectl');
    await agent.start();
    await agent.link.whenConnected();
    await eventually(() => agent.cache.workloads('bench-agent').length === DEPLOYMENTS, 60_000);
    const rows: { tool: string; ms: number[]; requests: number[] }[] = [
      { tool: 'curfew agent (hub command)', ms: [], requests: [] },
      { tool: 'kubectl scale deployment --all --replicas=0', ms: [], requests: [] },
    ];
    for (let round = 0; round < ROUNDS; round++) {
      await reset(driver, 'bench-agent');
      await eventually(
        () => agent.cache.workloads('bench-agent').every((w) => w.replicas === 1),
        60_000,
      );
      let before = driver.sim.requestLog.entries.length;
      let t = performance.now();
      hub.command({
        id: `bench-${round}`,
        action: Action.SUSPEND,
        target: {
          case: 'namespace',
          value: { clusterId: 'test-cluster', namespace: 'bench-agent' },
        },
        requestedBy: 'bench',
      });
      await eventually(
        () =>
          hub
            .results()
            .find((r) => r.commandId === `bench-${round}` && r.status === CommandStatus.SUCCEEDED),
        600_000,
      );
      rows[0]?.ms.push(performance.now() - t);
      rows[0]?.requests.push(
        driver.sim.requestLog.entries.slice(before).filter((e) => e.verb !== 'watch').length,
      );

      await reset(driver, 'bench-kubectl');
      before = driver.sim.requestLog.entries.length;
      t = performance.now();
      await run(
        'kubectl',
        [
          '--kubeconfig',
          driver.sim.kubeconfigPath,
          'scale',
          'deployment',
          '--all',
          '--replicas=0',
          '-n',
          'bench-kubectl',
        ],
        { maxBuffer: 16 * 2 ** 20 },
      );
      rows[1]?.ms.push(performance.now() - t);
      rows[1]?.requests.push(
        driver.sim.requestLog.entries.slice(before).filter((e) => e.verb !== 'watch').length,
      );
    }
    const base = median(rows[1]?.ms ?? []);
    console.table(
      rows.map((r) => ({
        tool: r.tool,
        'median ms': Math.round(median(r.ms)),
        'all runs ms': r.ms.map(Math.round).join(', '),
        'API requests': r.requests.join(', '),
        'time vs kubectl': `${(median(r.ms) / base).toFixed(2)}x`,
      })),
    );
    const [agentRow, kubectlRow] = rows;
    if (!agentRow || !kubectlRow) throw new Error('both tools must have been measured');
    recordFigures(task, {
      deployments: DEPLOYMENTS,
      'agent median (ms)': median(agentRow.ms),
      'kubectl median (ms)': median(kubectlRow.ms),
      'agent/kubectl time (x)': median(agentRow.ms) / median(kubectlRow.ms),
      'agent API requests (median)': median(agentRow.requests),
      'kubectl API requests (median)': median(kubectlRow.requests),
    });
  } finally {
    await agent.stop();
    await hub.stop();
    await driver.stop();
  }
});

test(`agent memory while watching ${count(NAMESPACES)} namespaces with ${count(WATCHED_PODS)} pods`, {
  timeout: 900_000,
}, async ({ task }) => {
  const driver = await KubeSimDriver.start({ watchHistory: 100_000 });
  const { hub, address } = await startHub();
  const agent = makeAgent(driver.connect(), address, systemClock, { uptime: 'always' });
  try {
    for (let n = 0; n < NAMESPACES; n++)
      await driver.sim.api.create(NS, '', {
        metadata: { name: `ns-${n}`, labels: { 'curfew.dev/managed': 'true' } },
      });
    for (let p = 0; p < WATCHED_PODS; p++) {
      await driver.sim.api.create(PODS, `ns-${p % NAMESPACES}`, {
        metadata: { name: `pod-${p}` },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'nginx:1.27',
              resources: { requests: { cpu: '10m', memory: '32Mi' } },
            },
          ],
        },
      });
    }
    // Let the simulated kubelet start every pod first, so kube-sim's own growth is not counted.
    while (driver.sim.store.list(PODS, undefined).some((p) => p.status?.phase !== 'Running')) {
      await new Promise((r) => setTimeout(r, 100));
    }
    gc();
    const before = process.memoryUsage();
    const t = performance.now();
    await agent.start();
    await agent.link.whenConnected();
    await eventually(() => agent.cache.namespaces.size >= NAMESPACES, 120_000);
    const syncMs = performance.now() - t;
    await agent.reconciler.idle();
    gc();
    const after = process.memoryUsage();
    console.log(
      `agent synced ${agent.cache.namespaces.size} namespaces / ${count(WATCHED_PODS)} pods in ${(syncMs / 1000).toFixed(1)} s; ` +
        `heapUsed ${mib(before.heapUsed)} → ${mib(after.heapUsed)} (Δ ${mib(after.heapUsed - before.heapUsed)} for the agent; kube-sim runs in the same process), rss ${mib(after.rss)}`,
    );
    recordFigures(task, {
      namespaces: NAMESPACES,
      pods: WATCHED_PODS,
      'initial sync (s)': syncMs / 1000,
      'agent heap growth (MiB)': (after.heapUsed - before.heapUsed) / 2 ** 20,
    });
  } finally {
    await agent.stop();
    await hub.stop();
    await driver.stop();
  }
});
