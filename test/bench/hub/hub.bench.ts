/**
 * Hub with many connected agents (2,000 at full size), in one hub process:
 * - memory per connected agent (hub process RSS and V8 heap, before vs after connecting),
 * - round trip of an admin-API action routed to an agent and back (HTTP → Redis → gRPC
 *   stream → fake agent → gRPC → Redis → HTTP), compared with a bare grpc-js unary echo on
 *   the same machine in the same run (vitest prints the ratio).
 *
 * The hub runs as its own process, started exactly as in production (`hub/src/main.ts`, which
 * refuses to boot without Slack settings — here the slack-sim on loopback), so its memory is not
 * mixed with the simulated agents, which live in this process, each on its own TCP connection.
 * Run: bin/bench test/bench/hub   (CURFEW_BENCH_SIZE=smoke for a quick run)
 */
import { CommandStatus } from '@curfew/proto';
import { SlackSim } from '@curfew/slack-sim';
import { startRedisServer } from '@curfew/test-support';
import { test } from 'vitest';
import { hashToken } from '../../../hub/src/agents/token-store.js';
import { FakeAgent } from '../../../hub/test/support/fake-agent.js';
import { startGrpcEcho } from '../../../hub/test/support/grpc-echo.js';
import { startHubProcess } from '../../../scripts/demo/hub-process.js';
import { recordFigures, versusBaseline } from '../support/figures.js';
import { sized } from '../support/size.js';

const SIZE = sized({
  full: { agents: 2_000, iterations: 300, warmup: 20, settleMs: 2_000 },
  smoke: { agents: 20, iterations: 20, warmup: 5, settleMs: 200 },
});
const AGENTS = SIZE.agents;
const ADMIN = 'bench-admin-token';
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function api(base: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ').at(-1));
}

test(`hub with ${AGENTS.toLocaleString('en-US')} connected agents`, { timeout: 900_000 }, async ({
  bench,
  task,
}) => {
  const redis = await startRedisServer();
  const slack = await SlackSim.start();
  const hubProcess = await startHubProcess({
    instanceId: 'bench-hub',
    env: {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
      // The simulated agents do not heartbeat; keep them present for the whole run.
      PRESENCE_TTL: '30m',
      API_TOKENS: JSON.stringify([{ name: 'bench', role: 'admin', sha256: hashToken(ADMIN) }]),
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
    },
  }).catch(async (error: unknown) => {
    await slack.close();
    await redis.stop();
    throw error;
  });
  const hub = { base: hubProcess.url, grpcAddress: `127.0.0.1:${hubProcess.grpcPort}` };
  const echo = await startGrpcEcho();
  const agents: FakeAgent[] = [];
  try {
    const tokens: string[] = [];
    for (let i = 0; i < AGENTS; i++) {
      tokens.push(
        String((await api(hub.base, '/api/v1/clusters', { name: `bench-${i}` })).json.token),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, SIZE.settleMs));
    const rssBefore = await metric(hub.base, 'process_resident_memory_bytes');
    const heapBefore = await metric(hub.base, 'nodejs_heap_size_used_bytes');

    tokens.forEach((token, i) => {
      agents.push(
        new FakeAgent({
          address: hub.grpcAddress,
          token,
          clusterId: `bench-${i}`,
          channelOptions: { 'grpc.use_local_subchannel_pool': 1 },
          onCommand: (command, self) => self.answer(command.id, CommandStatus.SUCCEEDED, 'ok'),
        }),
      );
    });
    await Promise.all(agents.map((agent) => agent.next('welcome', 1, 300_000)));
    while ((await metric(hub.base, 'curfew_hub_connected_agents')) < AGENTS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, SIZE.settleMs));
    const rss = (await metric(hub.base, 'process_resident_memory_bytes')) - rssBefore;
    const heap = (await metric(hub.base, 'nodejs_heap_size_used_bytes')) - heapBefore;
    console.log(
      `hub memory for ${AGENTS} connected agents: RSS +${mib(rss)} (${kib(rss / AGENTS)} per agent), ` +
        `V8 heap +${mib(heap)} (${kib(heap / AGENTS)} per agent, not GC-settled)`,
    );
    // The heap delta is printed only: the hub's GC is not settled, so it can even be negative.
    recordFigures(task, {
      'connected agents': AGENTS,
      'hub RSS per agent (KiB)': rss / AGENTS / 1024,
    });

    const payload = Buffer.from('{"cluster":"bench-1","namespace":"team-a","action":"status"}');
    let next = 0;
    const result = await bench.compare(
      bench('bare grpc-js unary echo (baseline)', async () => {
        await echo.call(payload);
      }),
      bench('admin API action routed to an agent and back', async () => {
        const cluster = `bench-${next++ % AGENTS}`;
        const { status, json } = await api(hub.base, '/api/v1/actions', {
          cluster,
          namespace: 'team-a',
          action: 'status',
        });
        if (status !== 200 || json.state !== 'done') {
          throw new Error(`unexpected answer ${status} ${String(json.state)}`);
        }
      }),
      { iterations: SIZE.iterations, warmupIterations: SIZE.warmup, time: 0 },
    );
    const baseline = result.get('bare grpc-js unary echo (baseline)').latency;
    const routed = result.get('admin API action routed to an agent and back').latency;
    console.log(
      `routed admin-API round trip vs bare grpc-js unary echo: mean ${routed.mean.toFixed(2)} ms vs ` +
        `${baseline.mean.toFixed(2)} ms (x${(routed.mean / baseline.mean).toFixed(1)}), p50 ` +
        `${routed.p50.toFixed(2)} ms vs ${baseline.p50.toFixed(2)} ms (x${(routed.p50 / baseline.p50).toFixed(1)})`,
    );
    recordFigures(
      task,
      versusBaseline({ measured: 'routed action', baseline: 'grpc echo' }, routed, baseline),
    );
  } finally {
    for (const agent of agents) agent.close();
    echo.close();
    await hubProcess.stop();
    await slack.close();
    await redis.stop();
  }
});
