/**
 * Two hub replicas on one Redis, with many idle agents (10,000 at full size) streamed on
 * replica A:
 * - replica A's RSS per connected agent (before vs after connecting them), target ≤ 40 KiB;
 * - the routed round trip of issue 13: admin API on replica B → Redis → the agent's gRPC
 *   stream on replica A → the agent's answer → back to B's HTTP answer, against a bare grpc-js
 *   unary echo in the same run, p50 and p99, target ≤ 3×. The same action asked of replica A
 *   itself (no cross-replica hop) is measured alongside as context.
 *
 * The replicas run as their own processes, started exactly as in production
 * (`hub/src/main.ts`), so their memory is not mixed with the simulated agents, which live in
 * child processes (support/agent-swarm.ts), each agent on its own TCP connection. The three
 * cases are interleaved call by call, so load from other work on the machine falls on all of
 * them alike; the echo alone in a tight loop (its best case) is reported as context.
 * Run: bin/bench test/bench/hub/hub.bench.ts   (CURFEW_BENCH_SIZE=smoke for a quick run)
 */
import { test } from 'vitest';
import { startGrpcEcho } from '../../../hub/test/support/grpc-echo.js';
import { recordFigures, versusBaseline } from '../support/figures.js';
import { percentile } from '../support/open-loop.js';
import { sized } from '../support/size.js';
import {
  api,
  kib,
  metric,
  mib,
  registerClusters,
  rssOf,
  sleep,
  startBenchHubs,
  untilConnected,
} from './support/bench-hubs.js';
import { Swarm } from './support/swarm.js';

const SIZE = sized({
  full: { agents: 10_000, swarms: 4, iterations: 3_000, warmup: 200, settleMs: 5_000 },
  smoke: { agents: 20, swarms: 1, iterations: 20, warmup: 5, settleMs: 200 },
});
const AGENTS = SIZE.agents;

/** The hub's own V8 heap and external (off-heap buffers) figures, from its /metrics. */
async function v8Memory(base: string) {
  return {
    heap: await metric(base, 'nodejs_heap_size_used_bytes'),
    external: await metric(base, 'nodejs_external_memory_bytes'),
  };
}

test(`two hub replicas with ${AGENTS.toLocaleString('en-US')} agents connected to one`, {
  timeout: 1_800_000,
}, async ({ task }) => {
  const hubs = await startBenchHubs(2);
  const [a, b] = hubs.replicas;
  if (!a || !b) throw new Error('two replicas were asked for');
  const echo = await startGrpcEcho();
  let swarm: Swarm | undefined;
  try {
    const agents = await registerClusters(b.url, AGENTS);
    swarm = await Swarm.start(SIZE.swarms);
    await sleep(SIZE.settleMs);
    const rssBefore = rssOf(a.pid);
    const v8Before = await v8Memory(a.url);
    await swarm.connect(`127.0.0.1:${a.grpcPort}`, agents);
    await untilConnected(a.url, AGENTS);
    await sleep(SIZE.settleMs);
    const rss = rssOf(a.pid) - rssBefore;
    const v8After = await v8Memory(a.url);
    const { retries } = await swarm.report();
    // V8's figures are printed only: they are not GC-settled (the heap delta can even shrink).
    console.log(
      `replica A with ${AGENTS} connected agents: RSS ${mib(rssBefore)} → ${mib(rssBefore + rss)}, ` +
        `+${kib(rss / AGENTS)} per agent (V8 heap used +${kib((v8After.heap - v8Before.heap) / AGENTS)}, ` +
        `external +${kib((v8After.external - v8Before.external) / AGENTS)} per agent, not GC-settled); ` +
        `streams retried before their Welcome: ${JSON.stringify(retries)}`,
    );
    recordFigures(task, {
      'connected agents': AGENTS,
      'replica A RSS before agents (MiB)': rssBefore / 2 ** 20,
      'replica A RSS per agent (KiB)': rss / AGENTS / 1024,
    });

    const payload = Buffer.from('{"cluster":"bench-1","namespace":"team-a","action":"status"}');
    const action = async (base: string, i: number) => {
      const { status, json } = await api(base, '/api/v1/actions', {
        cluster: `bench-${i % AGENTS}`,
        namespace: 'team-a',
        action: 'status',
      });
      if (status !== 200 || json.state !== 'done') {
        throw new Error(`unexpected answer ${status} ${JSON.stringify(json)}`);
      }
    };
    const cases = {
      echo: () => echo.call(payload),
      routed: (i: number) => action(b.url, i),
      local: (i: number) => action(a.url, i),
    };
    const latencies = { echo: [] as number[], routed: [] as number[], local: [] as number[] };
    for (let i = 0; i < SIZE.warmup + SIZE.iterations; i++) {
      for (const name of ['echo', 'routed', 'local'] as const) {
        const started = performance.now();
        await cases[name](i);
        if (i >= SIZE.warmup) latencies[name].push(performance.now() - started);
      }
    }
    // Context: the echo alone in a tight loop, each call on a hot event loop right after the
    // last — faster than any call that follows other work, as every interleaved one does.
    const hot: number[] = [];
    for (let i = 0; i < SIZE.warmup + SIZE.iterations; i++) {
      const started = performance.now();
      await cases.echo();
      if (i >= SIZE.warmup) hot.push(performance.now() - started);
    }
    const percentiles = (values: number[]) => {
      const sorted = values.sort((x, y) => x - y);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    };
    const p = (name: keyof typeof latencies) => percentiles(latencies[name]);
    const [routed, local, baseline, hotLoop] = [
      p('routed'),
      p('local'),
      p('echo'),
      percentiles(hot),
    ];
    console.log(
      `admin API on B → agent on A and back vs bare grpc-js unary echo, ${SIZE.iterations} calls each: ` +
        `p50 ${routed.p50.toFixed(2)} vs ${baseline.p50.toFixed(2)} ms (x${(routed.p50 / baseline.p50).toFixed(2)}), ` +
        `p99 ${routed.p99.toFixed(2)} vs ${baseline.p99.toFixed(2)} ms (x${(routed.p99 / baseline.p99).toFixed(2)}); ` +
        `same replica p50 ${local.p50.toFixed(2)} ms, p99 ${local.p99.toFixed(2)} ms; ` +
        `echo in a tight loop p50 ${hotLoop.p50.toFixed(2)} ms, p99 ${hotLoop.p99.toFixed(2)} ms`,
    );
    recordFigures(task, {
      ...versusBaseline({ measured: 'routed B→A', baseline: 'grpc echo' }, routed, baseline),
      'same replica p50 (ms)': local.p50,
      'same replica p99 (ms)': local.p99,
      'same replica/grpc echo p50 (x)': local.p50 / baseline.p50,
      'same replica/grpc echo p99 (x)': local.p99 / baseline.p99,
      'grpc echo in a tight loop p50 (ms)': hotLoop.p50,
      'grpc echo in a tight loop p99 (ms)': hotLoop.p99,
      'routed B→A/tight-loop echo p50 (x)': routed.p50 / hotLoop.p50,
      'routed B→A/tight-loop echo p99 (x)': routed.p99 / hotLoop.p99,
    });
  } finally {
    await swarm?.close();
    echo.close();
    await hubs.close();
  }
});
