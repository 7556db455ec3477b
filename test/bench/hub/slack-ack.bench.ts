/**
 * Slack acknowledgement latency at 200 signed slash commands a second on one hub replica, with
 * the outbox and the audit running, side by side with a bare express echo in the same run.
 *
 * Slack gives an app 3 s to acknowledge, and a person sees the wait; issue 13's target is p99
 * ≤ 100 ms at 200/s. The hub runs as its own process exactly as deployed (`hub/src/main.ts`),
 * so does the echo (its floor: express parsing the same form body); this process only sends.
 * The mix is what people type: `list`, `status`, `stop` and `prolong` of namespaces in a
 * connected cluster — the last two are routed to the (simulated) agent, audited, and answered
 * through the Slack outbox while the load goes on. Open loop (test/bench/support/open-loop.ts):
 * a stall shows up as latency. Figures are recorded, never asserted.
 * Run: bin/bench test/bench/hub/slack-ack.bench.ts   (CURFEW_BENCH_SIZE=smoke for a quick run)
 */
import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { CommandStatus, NamespaceState } from '@curfew/proto';
import { type SignedRequest, SlackRequester, SlackSim } from '@curfew/slack-sim';
import { freePort, spawnNode, startRedisServer } from '@curfew/test-support';
import { test } from 'vitest';
import { hashToken } from '../../../hub/src/token-hash.js';
import { FakeAgent } from '../../../hub/test/support/fake-agent.js';
import { startHubProcess } from '../../../scripts/demo/hub-process.js';
import { recordFigures, versusBaseline } from '../support/figures.js';
import { openLoop, percentile } from '../support/open-loop.js';
import { sized } from '../support/size.js';

const SIZE = sized({
  full: { rate: 200, seconds: 20, namespaces: 50, warmup: 200 },
  smoke: { rate: 20, seconds: 1, namespaces: 4, warmup: 10 },
});
const ADMIN = 'bench-admin-token';
const SECRET = 'bench-signing-secret';
const ECHO = fileURLToPath(new URL('./support/express-echo.ts', import.meta.url));

async function api(base: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** POSTs a signed request to `url` (host/port replaced by `port`), resolving on HTTP 200. */
function post(agent: Agent, port: number, signed: SignedRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/slack/events',
        method: 'POST',
        agent,
        headers: { ...signed.headers, 'content-length': Buffer.byteLength(signed.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(signed.body);
  });
}

async function startEcho(): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawnNode(ECHO, {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`express echo exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
  });
  return { port, child };
}

test(`Slack acknowledgements at ${SIZE.rate} signed slash commands/s vs a bare express echo`, {
  timeout: 600_000,
}, async ({ task }) => {
  const redis = await startRedisServer();
  const slack = await SlackSim.start();
  const ana = slack.workspace.addUser({ name: 'ana', email: 'ana@example.com' });
  const hub = await startHubProcess({
    instanceId: 'bench-slack-hub',
    env: {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
      PRESENCE_TTL: '30m',
      API_TOKENS: JSON.stringify([{ name: 'bench', role: 'admin', sha256: hashToken(ADMIN) }]),
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
      ...(process.env.CURFEW_BENCH_HUB_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.CURFEW_BENCH_HUB_NODE_OPTIONS }
        : {}),
    },
  }).catch(async (error: unknown) => {
    await slack.close();
    await redis.stop();
    throw error;
  });
  const echo = await startEcho();
  let agent: FakeAgent | undefined;
  // A kept-alive socket idle past the server's keepAliveTimeout (Node's 5 s) is closed by the
  // server; a request written on it just then fails with "socket hang up". Closing idle sockets
  // here first (Agent's `timeout` ends free sockets) removes that race between phases.
  const http = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });
  try {
    const token = String((await api(hub.url, '/api/v1/clusters', { name: 'bench' })).json.token);
    let commands = 0;
    agent = new FakeAgent({
      address: `127.0.0.1:${hub.grpcPort}`,
      token,
      clusterId: 'bench',
      onCommand: (command, self) => {
        commands += 1;
        self.answer(command.id, CommandStatus.SUCCEEDED, 'done');
      },
    });
    await agent.next('welcome', 1, 30_000);
    const names = Array.from({ length: SIZE.namespaces }, (_, i) => `team-${i}`);
    agent.send({
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: 1n,
          namespaces: names.map((name) => ({
            name,
            state: NamespaceState.RUNNING,
            owner: 'ana@example.com',
            workloads: 3,
          })),
        },
      },
    });
    for (;;) {
      const listed = (await api(hub.url, '/api/v1/namespaces')).json.namespaces;
      if (Array.isArray(listed) && listed.length >= names.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const hubRequester = new SlackRequester({
      url: `${hub.url}/slack/events`,
      signingSecret: SECRET,
      sim: slack,
    });
    // Signed up front, so the signing (this process's work) is not in the measured time.
    const texts = (i: number) => {
      const ns = names[i % names.length] ?? 'team-0';
      return ['list', `status ${ns}`, `stop ${ns}`, `prolong ${ns} for 1h`][i % 4] ?? 'list';
    };
    const signedBatch = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        hubRequester.slashCommand({ userId: ana.id, text: texts(i) }),
      );
    const total = Math.round(SIZE.rate * SIZE.seconds);
    const sendTo = (port: number, batch: SignedRequest[]) => (i: number) => {
      const signed = batch[i];
      if (!signed) throw new Error(`no request ${i}`);
      return post(http, port, signed);
    };

    const warm = signedBatch(SIZE.warmup);
    await openLoop(sendTo(echo.port, warm), { rate: SIZE.rate, total: warm.length });
    await openLoop(sendTo(hub.httpPort, warm), { rate: SIZE.rate, total: warm.length });
    const echoRun = await openLoop(sendTo(echo.port, signedBatch(total)), {
      rate: SIZE.rate,
      total,
    });
    const commandsBefore = commands;
    const hubRun = await openLoop(sendTo(hub.httpPort, signedBatch(total)), {
      rate: SIZE.rate,
      total,
    });
    const p = (l: number[]) => ({ p50: percentile(l, 50), p99: percentile(l, 99) });
    console.log(
      `Slack ack at ${SIZE.rate}/s, ${total} requests each: hub p50 ${p(hubRun).p50.toFixed(2)} ms ` +
        `p99 ${p(hubRun).p99.toFixed(2)} ms, max ${(hubRun.at(-1) ?? 0).toFixed(2)} ms; ` +
        `express echo p50 ${p(echoRun).p50.toFixed(2)} ms p99 ${p(echoRun).p99.toFixed(2)} ms; ` +
        `${commands - commandsBefore} commands reached the agent during the run`,
    );
    recordFigures(task, {
      'signed slash commands per second': SIZE.rate,
      'requests per case': total,
      ...versusBaseline({ measured: 'hub ack', baseline: 'express echo' }, p(hubRun), p(echoRun)),
      'hub ack max (ms)': hubRun.at(-1) ?? 0,
      'commands routed to the agent during the run': commands - commandsBefore,
    });
  } finally {
    http.destroy();
    agent?.close();
    echo.child.kill('SIGKILL');
    await hub.stop();
    await slack.close();
    await redis.stop();
  }
});
