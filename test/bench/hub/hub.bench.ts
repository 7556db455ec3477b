/**
 * Hub under 2,000 connected agents, in one hub process:
 * - memory per connected agent (hub process RSS and V8 heap, before vs after connecting),
 * - round trip of an admin-API action routed to an agent and back (HTTP → Redis → gRPC
 *   stream → fake agent → gRPC → Redis → HTTP), compared with a bare grpc-js unary echo on
 *   the same machine in the same run (vitest prints the ratio).
 *
 * The hub runs as its own process (`hub/src/main.ts` under tsx) so its memory is not mixed
 * with the simulated agents, which live in this process, each on its own TCP connection.
 * Run: node_modules/.bin/vitest bench --run test/bench/hub   (HUB_BENCH_AGENTS=200 for a quick run)
 */
import type { ChildProcess } from 'node:child_process';
import { CommandStatus } from '@curfew/proto';
import { freePort, spawnNode, startRedisServer } from '@curfew/test-support';
import { test } from 'vitest';
import { hashToken } from '../../../hub/src/agents/token-store.js';
import { FakeAgent } from '../../../hub/test/support/fake-agent.js';
import { startGrpcEcho } from '../../../hub/test/support/grpc-echo.js';

const AGENTS = Number(process.env.HUB_BENCH_AGENTS ?? 2_000);
const ADMIN = 'bench-admin-token';
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

interface HubProcess {
  base: string;
  grpcAddress: string;
  child: ChildProcess;
}

async function startHubProcess(redisUrl: string): Promise<HubProcess> {
  const httpPort = await freePort();
  const grpcPort = await freePort();
  const child = spawnNode('hub/src/main.ts', {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      LOG_LEVEL: 'warn',
      // The simulated agents do not heartbeat; keep them present for the whole run.
      PRESENCE_TTL: '30m',
      API_TOKENS: JSON.stringify([{ name: 'bench', role: 'admin', sha256: hashToken(ADMIN) }]),
    },
  });
  const base = `http://127.0.0.1:${httpPort}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error('hub did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { base, grpcAddress: `127.0.0.1:${grpcPort}`, child };
}

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

test(`hub with ${AGENTS} connected agents`, { timeout: 900_000 }, async ({ bench }) => {
  const redis = await startRedisServer();
  const hub = await startHubProcess(redis.url);
  const echo = await startGrpcEcho();
  const agents: FakeAgent[] = [];
  try {
    const tokens: string[] = [];
    for (let i = 0; i < AGENTS; i++) {
      tokens.push(
        String((await api(hub.base, '/api/v1/clusters', { name: `bench-${i}` })).json.token),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
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
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rss = (await metric(hub.base, 'process_resident_memory_bytes')) - rssBefore;
    const heap = (await metric(hub.base, 'nodejs_heap_size_used_bytes')) - heapBefore;
    console.log(
      `hub memory for ${AGENTS} connected agents: RSS +${mib(rss)} (${kib(rss / AGENTS)} per agent), ` +
        `V8 heap +${mib(heap)} (${kib(heap / AGENTS)} per agent, not GC-settled)`,
    );

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
      { iterations: 300, warmupIterations: 20, time: 0 },
    );
    const baseline = result.get('bare grpc-js unary echo (baseline)')?.latency;
    const routed = result.get('admin API action routed to an agent and back')?.latency;
    if (baseline && routed) {
      console.log(
        `routed admin-API round trip vs bare grpc-js unary echo: mean ${routed.mean.toFixed(2)} ms vs ` +
          `${baseline.mean.toFixed(2)} ms (x${(routed.mean / baseline.mean).toFixed(1)}), p50 ` +
          `${routed.p50?.toFixed(2)} ms vs ${baseline.p50?.toFixed(2)} ms (x${((routed.p50 ?? 0) / (baseline.p50 ?? 1)).toFixed(1)})`,
      );
    }
  } finally {
    for (const agent of agents) agent.close();
    echo.close();
    hub.child.kill('SIGTERM');
    await new Promise((resolve) => hub.child.once('exit', resolve));
    await redis.stop();
  }
});
