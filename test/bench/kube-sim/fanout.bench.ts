/**
 * kube-sim at the scale Curfew must handle: 1,000 namespaces, 20,000 pods, 50 HTTP watchers
 * (at full size; the smoke size is a few hundred pods).
 * The watchers select the half of the pods labelled tier=b. The baseline relabels 500 tier=a
 * pods (stored, filtered, delivered to nobody); the measured case relabels 500 tier=b pods and
 * waits until all 50 watchers have read every event. The ratio is the cost of fan-out; the
 * events/s delivered and memory are printed.
 * Run: bin/bench test/bench/kube-sim
 */

import type { KubeSim } from '@curfew/kube-sim';
import { mustResource, startKubeSim } from '@curfew/kube-sim';
import { test } from 'vitest';
import { recordFigures, versusBaseline } from '../support/figures.js';
import { sized } from '../support/size.js';

const { NAMESPACES, PODS, WATCHERS, BATCH, ITERATIONS } = sized({
  full: { NAMESPACES: 1000, PODS: 20_000, WATCHERS: 50, BATCH: 500, ITERATIONS: 10 },
  smoke: { NAMESPACES: 20, PODS: 400, WATCHERS: 5, BATCH: 20, ITERATIONS: 2 },
});
const PODS_RT = mustResource('', 'pods');

const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

async function populate(sim: KubeSim): Promise<void> {
  const ns = mustResource('', 'namespaces');
  for (let n = 0; n < NAMESPACES; n++)
    await sim.api.create(ns, '', { metadata: { name: `ns-${n}` } });
  for (let p = 0; p < PODS; p++) {
    await sim.api.create(PODS_RT, `ns-${p % NAMESPACES}`, {
      metadata: { name: `pod-${p}`, labels: { app: 'bench', tier: p < PODS / 2 ? 'a' : 'b' } },
      spec: {
        containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m' } } }],
      },
    });
  }
  // The simulated kubelet starts every pod; measure only once the cluster is quiet.
  while (sim.store.list(PODS_RT, undefined).some((p) => p.status?.phase !== 'Running')) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startWatchers(sim: KubeSim, counts: number[], aborts: AbortController[]): Promise<void>[] {
  const rv = sim.store.currentRv();
  return counts.map(async (_, i) => {
    const ac = new AbortController();
    aborts.push(ac);
    const res = await fetch(
      `${sim.url}/api/v1/pods?watch=true&labelSelector=tier%3Db&resourceVersion=${rv}`,
      { signal: ac.signal },
    );
    const reader = res.body?.getReader();
    if (!reader) return;
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          let n = 0;
          for (let j = value.indexOf(10); j >= 0; j = value.indexOf(10, j + 1)) n++;
          counts[i] = (counts[i] ?? 0) + n;
        }
      } catch {
        // aborted at teardown
      }
    })();
  });
}

const count = (n: number) => n.toLocaleString('en-US');
const BASELINE = `relabel ${BATCH} unwatched pods (baseline)`;
const FANOUT = `relabel ${BATCH} pods seen by ${WATCHERS} watchers`;

test(`watch fan-out at ${count(PODS)} pods and ${WATCHERS} watchers`, {
  timeout: 900_000,
}, async ({ bench, task }) => {
  // Events off: the benchmark measures pods and watches, not 80,000 controller Events.
  const sim = await startKubeSim({ watchHistory: 100_000, events: false });
  const aborts: AbortController[] = [];
  try {
    const t0 = performance.now();
    await populate(sim);
    const setup = process.memoryUsage();
    console.log(
      `kube-sim holds ${sim.store.count(mustResource('', 'namespaces'))} namespaces and ${sim.store.count(PODS_RT)} pods (setup ${((performance.now() - t0) / 1000).toFixed(1)}s): heapUsed ${mib(setup.heapUsed)}, rss ${mib(setup.rss)}`,
    );
    const counts: number[] = new Array(WATCHERS).fill(0);
    await Promise.all(startWatchers(sim, counts, aborts));
    while (sim.store.hub.watcherCount() < WATCHERS) await new Promise((r) => setTimeout(r, 10));

    let round = 0;
    let delivered = 0;
    let deliverMs = 0;
    const relabel = async (tierOffset: number) => {
      round++;
      for (let i = 0; i < BATCH; i++) {
        const p = tierOffset + ((round * BATCH + i) % (PODS / 2));
        await sim.api.patch(PODS_RT, `ns-${p % NAMESPACES}`, `pod-${p}`, '', 'merge', {
          metadata: { labels: { round: String(round) } },
        });
      }
    };
    const result = await bench.compare(
      bench(BASELINE, async () => {
        await relabel(0);
      }),
      bench(FANOUT, async () => {
        const before = [...counts];
        const t = performance.now();
        await relabel(PODS / 2);
        while (counts.some((c, i) => c - (before[i] ?? 0) < BATCH))
          await new Promise((r) => setImmediate(r));
        deliverMs += performance.now() - t;
        delivered += BATCH * WATCHERS;
      }),
      { iterations: ITERATIONS, warmupIterations: 1, time: 0 },
    );
    const end = process.memoryUsage();
    const eventsPerSecond = delivered / (deliverMs / 1000);
    console.log(
      `kube-sim fan-out: ${delivered} events to ${WATCHERS} watchers at ${Math.round(eventsPerSecond)} events/s; heapUsed ${mib(end.heapUsed)}, rss ${mib(end.rss)}`,
    );
    recordFigures(task, {
      pods: PODS,
      watchers: WATCHERS,
      ...versusBaseline(
        { measured: 'fan-out relabel', baseline: 'unwatched relabel' },
        result.get(FANOUT).latency,
        result.get(BASELINE).latency,
      ),
      'events delivered per second': eventsPerSecond,
      'kube-sim heapUsed after (MiB)': end.heapUsed / 2 ** 20,
    });
  } finally {
    for (const ac of aborts) ac.abort();
    await sim.stop();
  }
});
