/**
 * The agent at the scale the issue names (full size; the smoke size is a few dozen objects), on
 * kube-sim, side by side with kubectl in the same run: suspend a namespace with 500 Deployments —
 * the agent (hub command → result, through its informer cache, bounded concurrency,
 * previous-replicas in the same PATCH) vs `kubectl scale deployment --all --replicas=0` — wall
 * time and API requests each. (The agent's memory is measured alone, in its own process:
 * memory.bench.ts.) Numbers are printed and recorded, never asserted.
 * Run: bin/bench test/bench/agent/suspend.bench.ts
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
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
const { DEPLOYMENTS, ROUNDS } = sized({
  full: { DEPLOYMENTS: 500, ROUNDS: 3 },
  smoke: { DEPLOYMENTS: 20, ROUNDS: 1 },
});
const count = (n: number) => n.toLocaleString('en-US');
const DEPLOY = mustResource('apps', 'deployments');
const NS = mustResource('', 'namespaces');
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
