/**
 * The agent's memory, measured alone: the agent compiled as in its image and run as its own
 * process (`node main.js`, RSS read from /proc), kube-sim in another process, the hub a loopback
 * test hub in this one. At full size the agent watches 1,000 namespaces with 20,000 pods; its RSS
 * is taken after the initial sync and after 10 minutes of churn (1 % of the pods replaced per
 * minute), and its API requests are counted over that steady state (the target is zero LISTs
 * after the sync: watches only). The baseline is the same agent on an empty cluster, measured in
 * the same run against the same kube-sim. The agent gets the image's Node options and the heap
 * Node would give it in the chart's pod (support/pod-memory.ts). Besides RSS, the private part
 * (RssAnon: V8's heap, malloc) and the file-backed part (RssFile: the node binary's code, shared
 * by every node process) are reported apart, since the second depends on the machine
 * (support/compiled-agent.ts, Residency). Run: bin/bench test/bench/agent/memory.bench.ts
 */
import { test } from 'vitest';
import { TOKEN } from '../../../agent/test/support/harness.js';
import { eventually, TestHub } from '../../../agent/test/support/test-hub.js';
import { recordFigures } from '../support/figures.js';
import { sized } from '../support/size.js';
import {
  type AgentProcess,
  bareNodeMemory,
  compileAgent,
  startAgentProcess,
} from './support/compiled-agent.js';
import { startKubeSimProcess } from './support/kube-sim-process.js';
import { chartMemoryLimitBytes, oldSpaceMiBForLimit } from './support/pod-memory.js';

const SIZE = sized({
  full: { namespaces: 1000, pods: 20_000, churnMs: 10 * 60_000, tickMs: 6_000, settleMs: 20_000 },
  smoke: { namespaces: 20, pods: 200, churnMs: 4_000, tickMs: 2_000, settleMs: 500 },
});
/** 1 % of the pods per minute, spread over the ticks (at least one per tick). */
const PER_TICK = Math.max(1, Math.round((SIZE.pods * 0.01 * SIZE.tickMs) / 60_000));
const MIB = 2 ** 20;
const count = (n: number) => n.toLocaleString('en-US');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`agent process RSS watching ${count(SIZE.namespaces)} namespaces with ${count(SIZE.pods)} pods, through churn`, {
  timeout: 1_800_000,
}, async ({ task }) => {
  const build = await compileAgent();
  const hub = new TestHub(TOKEN, 24 * 60 * 60_000);
  const address = await hub.start();
  const kube = await startKubeSimProcess();
  const agents: AgentProcess[] = [];
  const agent = async (id: string) => {
    const started = startAgentProcess(build.entry, {
      NODE_ENV: 'production',
      KUBECONFIG: kube.kubeconfigPath,
      CURFEW_CLUSTER_ID: 'bench',
      CURFEW_HUB_ADDRESS: address,
      CURFEW_HUB_TOKEN: TOKEN,
      CURFEW_HUB_TLS: 'false',
      CURFEW_LEADER_ELECTION: 'false',
      // Nothing is due on an always-up schedule: what remains is watching.
      CURFEW_DEFAULT_UPTIME: 'always',
      CURFEW_HTTP_PORT: '0',
      CURFEW_LOG_LEVEL: 'info',
      POD_NAME: id,
    });
    agents.push(started);
    const t = performance.now();
    const synced = await started.logged('informer caches synced', 600_000);
    await started.logged('connected to hub', 60_000);
    return {
      process: started,
      syncMs: performance.now() - t,
      namespaces: Number(synced.namespaces),
    };
  };
  try {
    // Baselines: a bare node process, and the same agent watching an empty cluster.
    const bare = await bareNodeMemory();
    const empty = await agent('agent-empty');
    await pause(SIZE.settleMs);
    const emptyMemory = empty.process.memory();
    const emptyRss = emptyMemory.rss;
    await empty.process.stop();

    await kube.populate(SIZE.namespaces, SIZE.pods);
    const watching = await agent('agent-bench');
    if (watching.namespaces < SIZE.namespaces) {
      throw new Error(`the agent synced ${watching.namespaces} namespaces, not ${SIZE.namespaces}`);
    }
    await eventually(
      () => hub.snapshots().some((s) => s.full && s.namespaces.length >= SIZE.namespaces),
      120_000,
    );
    await pause(SIZE.settleMs);
    const synced = watching.process.memory();
    const afterSync = synced.rss;

    // Steady state: pods come and go, nothing is due; count what the agent asks the API server.
    await kube.mark();
    const churnStart = performance.now();
    let peak = afterSync;
    let replaced = 0;
    while (performance.now() - churnStart < SIZE.churnMs) {
      const tick = performance.now();
      await kube.churn(PER_TICK);
      replaced += PER_TICK;
      peak = Math.max(peak, watching.process.rss());
      await pause(Math.max(0, SIZE.tickMs - (performance.now() - tick)));
    }
    const churnMs = performance.now() - churnStart;
    const requests = await kube.requests();
    await pause(SIZE.settleMs);
    const churned = watching.process.memory();
    const afterChurn = churned.rss;
    const perHour = (n: number | undefined) => ((n ?? 0) * 3_600_000) / churnMs;
    const { list, watch, ...others } = requests.byVerb;
    const otherRequests = Object.values(others).reduce((a, b) => a + b, 0);
    console.log(
      `bare node RSS ${(bare.rss / MIB).toFixed(0)} MiB (${(bare.file / MIB).toFixed(0)} MiB file-backed); ` +
        `agent RSS: ${(emptyRss / MIB).toFixed(0)} MiB on an empty cluster, ${(afterSync / MIB).toFixed(0)} MiB after syncing ` +
        `${count(SIZE.namespaces)} namespaces / ${count(SIZE.pods)} pods in ${(watching.syncMs / 1000).toFixed(1)} s, ` +
        `${(afterChurn / MIB).toFixed(0)} MiB after ${(churnMs / 60_000).toFixed(1)} min of churn (${count(replaced)} pods replaced, peak ${(peak / MIB).toFixed(0)} MiB); ` +
        `after sync ${(synced.anon / MIB).toFixed(0)} MiB private, ${(synced.file / MIB).toFixed(0)} MiB file-backed (${(synced.fileHuge / MIB).toFixed(0)} MiB of it huge pages); ` +
        `requests during churn: ${JSON.stringify(requests.byVerb)}`,
    );
    recordFigures(task, {
      namespaces: SIZE.namespaces,
      pods: SIZE.pods,
      'pods replaced': replaced,
      'churn (min)': churnMs / 60_000,
      'initial sync (s)': watching.syncMs / 1000,
      "agent old space, as in the chart's pod (MiB)": oldSpaceMiBForLimit(chartMemoryLimitBytes()),
      'bare node RSS (MiB)': bare.rss / MIB,
      'bare node file-backed (RssFile) (MiB)': bare.file / MIB,
      'agent RSS, empty cluster (MiB)': emptyRss / MIB,
      'agent private (RssAnon), empty cluster (MiB)': emptyMemory.anon / MIB,
      'agent RSS after sync (MiB)': afterSync / MIB,
      'agent private (RssAnon) after sync (MiB)': synced.anon / MIB,
      'agent file-backed (RssFile) after sync (MiB)': synced.file / MIB,
      'file-backed mapped as huge pages (MiB)': synced.fileHuge / MIB,
      'agent RSS after churn (MiB)': afterChurn / MIB,
      'agent private (RssAnon) after churn (MiB)': churned.anon / MIB,
      'agent RSS peak during churn (MiB)': peak / MIB,
      'RSS after sync/empty cluster (x)': afterSync / emptyRss,
      'agent RSS after sync minus bare node (MiB)': (afterSync - bare.rss) / MIB,
      'LISTs per hour after sync': perHour(list),
      'watch opens per hour': perHour(watch),
      'other API requests per hour': perHour(otherRequests),
    });
  } finally {
    for (const a of agents) await a.stop();
    await kube.stop();
    await hub.stop();
    build.remove();
  }
});
