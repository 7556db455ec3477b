/**
 * What the hub benches share: one Redis, the slack-sim (the hub refuses to boot without Slack
 * settings) and hub replicas started as their own processes exactly as deployed
 * (scripts/demo/hub-process.ts → hub/src/main.ts), plus the admin-API calls and the readings
 * (RSS from /proc, metrics from /metrics) the benches take of them.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { SlackSim } from '@curfew/slack-sim';
import { freePort, type RedisServer, startRedisServer } from '@curfew/test-support';
import { hashToken } from '../../../../hub/src/token-hash.js';
import { type HubProcess, startHubProcess } from '../../../../scripts/demo/hub-process.js';
import type { SwarmAgent } from './swarm-protocol.js';

export const ADMIN = 'bench-admin-token';
export const SIGNING_SECRET = 'bench-signing-secret';

export interface BenchHubs {
  redis: RedisServer;
  slack: SlackSim;
  replicas: HubProcess[];
  /** With `inspect`: each replica's inspector port (loopback), for fullGc(). */
  inspectorPorts: number[];
  close(): Promise<void>;
}

export interface BenchHubOptions {
  /** Settings added to every replica's environment. */
  env?: Record<string, string>;
  /**
   * Opens each replica's inspector on a loopback port so the bench can ask for a full GC
   * (fullGc) before it reads the heap: a reading at a random moment includes garbage.
   */
  inspect?: boolean;
}

/**
 * Starts `count` replicas on one Redis. `env` adds settings; the simulated agents do not
 * heartbeat, so presence lasts the whole run. `CURFEW_BENCH_HUB_NODE_OPTIONS` in the bench's
 * environment becomes the replicas' `NODE_OPTIONS`, to profile them:
 * `CURFEW_BENCH_HUB_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' bin/bench test/bench/hub`
 * (or `--heapsnapshot-signal=SIGUSR2`, then `kill -USR2 <replica pid>`).
 */
export async function startBenchHubs(
  count: number,
  { env = {}, inspect = false }: BenchHubOptions = {},
): Promise<BenchHubs> {
  const redis = await startRedisServer();
  const slack = await SlackSim.start();
  const replicas: HubProcess[] = [];
  const inspectorPorts: number[] = [];
  const close = async () => {
    await Promise.allSettled(replicas.map((replica) => replica.stop()));
    await slack.close();
    await redis.stop();
  };
  try {
    for (let i = 0; i < count; i++) {
      const inspector = inspect ? await freePort() : undefined;
      if (inspector !== undefined) inspectorPorts.push(inspector);
      const nodeOptions = [
        process.env.CURFEW_BENCH_HUB_NODE_OPTIONS,
        inspector === undefined ? undefined : `--inspect=127.0.0.1:${inspector}`,
      ].filter(Boolean);
      replicas.push(
        await startHubProcess({
          instanceId: `bench-hub-${String.fromCharCode(97 + i)}`,
          env: {
            REDIS_URL: redis.url,
            LOG_LEVEL: 'warn',
            PRESENCE_TTL: '30m',
            API_TOKENS: JSON.stringify([
              { name: 'bench', role: 'admin', sha256: hashToken(ADMIN) },
            ]),
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_BOT_TOKEN: slack.token,
            SLACK_API_URL: slack.apiUrl,
            ...(nodeOptions.length > 0 ? { NODE_OPTIONS: nodeOptions.join(' ') } : {}),
            ...env,
          },
        }),
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { redis, slack, replicas, inspectorPorts, close };
}

/**
 * A full GC in the replica whose inspector listens on `port` (startBenchHubs with `inspect`),
 * through the DevTools protocol's HeapProfiler.collectGarbage; resolves once it is done.
 */
export async function fullGc(port: number): Promise<void> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${port}`);
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('error', () => reject(new Error(`inspector ${url} failed`)));
      socket.addEventListener('open', () =>
        socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })),
      );
      socket.addEventListener('message', (event) => {
        const reply = JSON.parse(String(event.data)) as { id?: number; error?: unknown };
        if (reply.id !== 1) return;
        if (reply.error) reject(new Error(`collectGarbage: ${JSON.stringify(reply.error)}`));
        else resolve();
      });
    });
  } finally {
    socket.close();
  }
}

// A kept-alive socket idle past the server's keepAliveTimeout (Node's 5 s) is closed by the
// server; a request written on it just then fails with "socket hang up". Closing idle sockets
// here first (Agent's `timeout` ends free sockets) removes that race between phases.
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });

/**
 * An admin-API call over node:http with a keep-alive agent: the measuring side's own cost
 * per call is smaller than fetch's (undici's WHATWG streams), as the baseline's is grpc-js's.
 */
export function api(
  base: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: payload === undefined ? 'GET' : 'POST',
        agent: keepAlive,
        headers: {
          authorization: `Bearer ${ADMIN}`,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(text) as Record<string, unknown>,
            });
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Registers `count` clusters `bench-<i>` (a few at a time) and returns their agents' tokens. */
export async function registerClusters(base: string, count: number): Promise<SwarmAgent[]> {
  const agents: SwarmAgent[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const clusterId = `bench-${i}`;
      const { status, json } = await api(base, '/api/v1/clusters', { name: clusterId });
      if (status !== 201 && status !== 200) {
        throw new Error(`registering ${clusterId}: HTTP ${status} ${JSON.stringify(json)}`);
      }
      agents[i] = { clusterId, token: String(json.token) };
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return agents;
}

/** A number the hub exports on /metrics (e.g. `curfew_hub_connected_agents`). */
export async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ').at(-1));
}

/** Polls until the replica counts `count` connected agents. */
export async function untilConnected(base: string, count: number): Promise<void> {
  while ((await metric(base, 'curfew_hub_connected_agents')) < count) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The process's resident set (bytes) as the kernel counts it, read without asking the process. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}

/** CPU seconds (user + system) the process has used so far, from /proc (clock ticks of 10 ms). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
