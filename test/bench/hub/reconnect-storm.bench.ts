/**
 * A reconnect storm: every one of many agents (10,000 at full size) streamed on hub replica A
 * loses its stream at the same moment (a network blip, a load balancer restart) and comes
 * back after its own random delay within 30 s, as the agents' jittered backoff spreads them.
 * Meanwhile commands for random clusters arrive at replica B's admin API — some for agents
 * that are connected, some for agents that are not back yet.
 *
 * Reported: every agent served again (connected count, a Welcome on each new stream), none
 * lost (every command the API accepted reached its agent and finished, never twice on one
 * stream; one sent on a stream that dropped before the answer got through is sent again on the
 * next, which the real agent answers with its first result), the time
 * until all were connected against the jitter window, and replica A's RSS at the peak of the
 * storm and once it settled against its steady state before (the same agents, the same
 * replica), and after a second and a third storm (memory kept for reuse levels off, a leak
 * grows by the same amount each time). The figure that must come back is V8's heap used
 * right after the replica's first full (major) GC once it is idle again, against the same
 * reading in the steady state: what the replica still references. RSS also holds what the
 * allocator keeps of the closed connections for the next ones. A lost or twice-delivered
 * command fails the bench; times are only reported.
 * Run: bin/bench test/bench/hub/reconnect-storm.bench.ts   (CURFEW_BENCH_SIZE=smoke for a quick run)
 */
import { test } from 'vitest';
import type { HubProcess } from '../../../scripts/demo/hub-process.js';
import { recordFigures } from '../support/figures.js';
import { sized } from '../support/size.js';
import {
  api,
  cpuSecondsOf,
  fullGc,
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
  full: { agents: 10_000, swarms: 4, jitterMs: 30_000, commands: 1_000, settleMs: 10_000 },
  smoke: { agents: 20, swarms: 1, jitterMs: 1_000, commands: 10, settleMs: 200 },
});
const STORMS = 3;

/** Sends `count` actions to random clusters through `base`, spread evenly over `withinMs`. */
async function commandsDuring(base: string, agents: number, count: number, withinMs: number) {
  const ids: string[] = [];
  const refused: string[] = [];
  const started = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * withinMs) / count - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(
      api(base, '/api/v1/actions', {
        cluster: `bench-${Math.floor(Math.random() * agents)}`,
        namespace: 'team-a',
        action: 'status',
        wait: 0,
      }).then(({ status, json }) => {
        if (typeof json.id === 'string' && (status === 200 || status === 202)) ids.push(json.id);
        else refused.push(`HTTP ${status} ${JSON.stringify(json)}`);
      }),
    );
  }
  await Promise.all(sent);
  return { ids, refused };
}

/** Polls each action until it is no longer pending; returns how many finished `done`. */
async function finished(base: string, ids: readonly string[], deadlineMs: number) {
  const deadline = Date.now() + deadlineMs;
  let done = 0;
  for (const id of ids) {
    for (;;) {
      const { json } = await api(base, `/api/v1/actions/${id}`);
      if (json.state === 'done') done += 1;
      if (json.state !== 'pending' || Date.now() > deadline) break;
      await sleep(200);
    }
  }
  return done;
}

interface V8Heap {
  total: number;
  used: number;
}

async function v8Heap(base: string): Promise<V8Heap> {
  return {
    total: await metric(base, 'nodejs_heap_size_total_bytes'),
    used: await metric(base, 'nodejs_heap_size_used_bytes'),
  };
}

const heapText = (heap: V8Heap) => `V8 heap ${mib(heap.used)} used of ${mib(heap.total)}`;

interface Settled {
  /** RSS (bytes) right after the full GC. */
  rss: number;
  heap: V8Heap;
}

/**
 * The replica's RSS and V8 heap right after a full GC the bench asks it for (over its
 * inspector): what it still references, without the garbage a reading at a random moment
 * includes (and with the native memory of collected objects released to the allocator).
 */
async function afterFullGc(a: HubProcess, inspectorPort: number): Promise<Settled> {
  await fullGc(inspectorPort);
  return { rss: rssOf(a.pid), heap: await v8Heap(a.url) };
}

interface StormResult {
  /** From the moment every stream dropped until the replica counted all agents again. */
  connectedMs: number;
  connected: number;
  peak: number;
  /** RSS once settled, before the full GC. */
  after: number;
  /** Once settled, after a full GC. */
  settled: Settled;
  /** CPU seconds replica A and the swarm processes used during the storm. */
  hubCpu: number;
  swarmCpu: number;
  sent: { ids: string[]; refused: string[] };
  done: number;
}

/** One storm: every stream drops, each agent returns within the jitter window. */
async function storm(
  swarm: Swarm,
  a: HubProcess,
  b: HubProcess,
  address: string,
  inspectorPort: number,
): Promise<StormResult> {
  let peak = rssOf(a.pid);
  let storming = true;
  const sampling = (async () => {
    while (storming) {
      peak = Math.max(peak, rssOf(a.pid));
      await sleep(250);
    }
  })();
  const cpu = () => ({
    hub: cpuSecondsOf(a.pid),
    swarm: swarm.pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0),
  });
  const cpuBefore = cpu();
  const started = performance.now();
  const [, sent] = await Promise.all([
    swarm.storm(address, SIZE.jitterMs),
    commandsDuring(b.url, SIZE.agents, SIZE.commands, SIZE.jitterMs),
  ]);
  await untilConnected(a.url, SIZE.agents);
  const connectedMs = performance.now() - started;
  const cpuAfter = cpu();
  const done = await finished(b.url, sent.ids, 300_000);
  storming = false;
  await sampling;
  await sleep(SIZE.settleMs);
  return {
    connectedMs,
    connected: await metric(a.url, 'curfew_hub_connected_agents'),
    peak,
    after: rssOf(a.pid),
    settled: await afterFullGc(a, inspectorPort),
    hubCpu: cpuAfter.hub - cpuBefore.hub,
    swarmCpu: cpuAfter.swarm - cpuBefore.swarm,
    sent,
    done,
  };
}

test(`${SIZE.agents.toLocaleString('en-US')} agents reconnecting within ${SIZE.jitterMs / 1000} s, ${STORMS} times`, {
  timeout: 1_800_000,
}, async ({ task }) => {
  const hubs = await startBenchHubs(2, { inspect: true });
  const [a, b] = hubs.replicas;
  const [inspectorPort] = hubs.inspectorPorts;
  if (!a || !b || inspectorPort === undefined) throw new Error('two replicas were asked for');
  let swarm: Swarm | undefined;
  try {
    const agents = await registerClusters(b.url, SIZE.agents);
    swarm = await Swarm.start(SIZE.swarms);
    const address = `127.0.0.1:${a.grpcPort}`;
    await swarm.connect(address, agents);
    await untilConnected(a.url, SIZE.agents);
    await sleep(SIZE.settleMs);
    const steady = await afterFullGc(a, inspectorPort);
    // Storms after the first tell memory that is kept for reuse (allocator free lists, V8's
    // grown heap) from memory that leaks: a leak grows by as much again each time, reuse
    // levels off.
    const storms: StormResult[] = [];
    for (let i = 0; i < STORMS; i++) storms.push(await storm(swarm, a, b, address, inspectorPort));
    const [first, second, third] = storms;
    if (!first || !second || !third) throw new Error(`${STORMS} storms were asked for`);

    const report = await swarm.report();
    const delivered = new Set(report.commandIds);
    const sentIds = storms.flatMap((one) => one.sent.ids);
    const lost = sentIds.filter((id) => !delivered.has(id));
    const refused = storms.flatMap((one) => one.sent.refused);
    const done = storms.reduce((sum, one) => sum + one.done, 0);
    const retried = Object.values(report.retries).reduce((sum, n) => sum + n, 0);
    const each = (text: (one: StormResult) => string) => storms.map(text).join(', ');
    const settledText = (one: Settled) => `RSS ${mib(one.rss)}, ${heapText(one.heap)}`;
    console.log(
      `storms of ${SIZE.agents} agents within ${SIZE.jitterMs} ms: all connected after ` +
        `${each((one) => one.connectedMs.toFixed(0))} ms (replica A used ` +
        `${each((one) => one.hubCpu.toFixed(1))} CPU s, the agents' processes ` +
        `${each((one) => one.swarmCpu.toFixed(1))}); ${sentIds.length} commands ` +
        `accepted (${refused.length} refused${refused[0] ? `, e.g. ${refused[0]}` : ''}), ` +
        `${done} done, ${lost.length} never delivered, ${report.duplicates} ` +
        `delivered again on a new stream, ${report.sameStreamRepeats} twice on one stream; replica A ` +
        `RSS peak/settled before a full GC in each storm ` +
        `${each((one) => `${mib(one.peak)}/${mib(one.after)}`)}; after a full GC: ` +
        `${settledText(steady)} steady, then ${each((one) => settledText(one.settled))}; streams ` +
        `retried before their Welcome: ${JSON.stringify(report.retries)}`,
    );
    const MiB = 2 ** 20;
    recordFigures(task, {
      agents: SIZE.agents,
      'jitter window (s)': SIZE.jitterMs / 1000,
      'agents connected after the storms': Math.min(...storms.map((one) => one.connected)),
      'agents welcomed again': report.welcomes - SIZE.agents,
      'streams retried before their Welcome': retried,
      'time to all connected (s)': first.connectedMs / 1000,
      'time to all connected/jitter window (x)': first.connectedMs / SIZE.jitterMs,
      'storm 2: time to all connected (s)': second.connectedMs / 1000,
      'storm 3: time to all connected (s)': third.connectedMs / 1000,
      'replica A CPU during the storm (s)': first.hubCpu,
      "agents' processes CPU during the storm (s)": first.swarmCpu,
      'commands accepted during the storms': sentIds.length,
      'commands refused during the storms': refused.length,
      'commands done': done,
      'commands never delivered': lost.length,
      'commands delivered again on the next stream': report.duplicates,
      'commands delivered twice on one stream': report.sameStreamRepeats,
      'heap used steady, after a full GC (MiB)': steady.heap.used / MiB,
      'heap used after the storm, after a full GC (MiB)': first.settled.heap.used / MiB,
      'heap used after storm 3, after a full GC (MiB)': third.settled.heap.used / MiB,
      'heap used after/steady, after a full GC (x)': first.settled.heap.used / steady.heap.used,
      'heap used after storm 3/steady, after a full GC (x)':
        third.settled.heap.used / steady.heap.used,
      'RSS steady, after a full GC (MiB)': steady.rss / MiB,
      'replica A RSS peak (MiB)': first.peak / MiB,
      'RSS after the storm, before a full GC (MiB)': first.after / MiB,
      'RSS after the storm, after a full GC (MiB)': first.settled.rss / MiB,
      'RSS after storm 2, after a full GC (MiB)': second.settled.rss / MiB,
      'RSS after storm 3, after a full GC (MiB)': third.settled.rss / MiB,
      'RSS peak/steady (x)': first.peak / steady.rss,
      'RSS after/steady, after a full GC (x)': first.settled.rss / steady.rss,
      'RSS after storm 2/after storm 1 (x)': second.settled.rss / first.settled.rss,
      'RSS after storm 3/after storm 2 (x)': third.settled.rss / second.settled.rss,
    });
    // Correctness, not speed: a storm may be slow, but it must not lose or repeat anything.
    const problems = [
      ...storms.map(
        (one, i) =>
          one.connected < SIZE.agents &&
          `${SIZE.agents - one.connected} agents did not reconnect after storm ${i + 1}`,
      ),
      refused.length > 0 && `${refused.length} commands refused: ${refused[0]}`,
      lost.length > 0 && `${lost.length} commands never reached their agent (e.g. ${lost[0]})`,
      report.sameStreamRepeats > 0 &&
        `${report.sameStreamRepeats} commands reached their agent twice on one stream`,
      done < sentIds.length && `${sentIds.length - done} commands did not finish`,
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(`the storms lost work: ${problems.join('; ')}`);
  } finally {
    await swarm?.close();
    await hubs.close();
  }
});
