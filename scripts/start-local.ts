/**
 * `bin/start`: the whole of Curfew on this machine, with nothing real to break.
 *
 * Redis (REDIS_URL, or a private redis-server), one hub (hub/src/main.ts), two simulated
 * clusters (kube-sim: dev-eu, dev-us) with owned namespaces and workloads, an agent per
 * cluster (agent/src/main.ts, serving its time-bomb admission webhook, which kube-sim calls),
 * and the Slack stand-in with its web page. The clusters' uptime window ends a few minutes after
 * start, so reminders and a shutdown happen while you watch, and a preview namespace's time
 * bombs go off a little later. Ctrl-C stops everything.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeSim } from '../testing/kube-sim/src/index.js';
import { SlackSim } from '../testing/slack-sim/src/index.js';
import { freePort, type RedisServer, startRedisServer } from '../testing/support/src/index.js';
import { AdminApi, newAdminToken } from './demo/admin-api.js';
import { startAgentProcess } from './demo/agent-process.js';
import { launchHubProcess } from './demo/hub-process.js';
import {
  DEMO_CLUSTERS,
  DEMO_EXPIRY_WARNINGS_MINUTES,
  DEMO_USERS,
  demoUptime,
  fixtureFor,
} from './demo/seed.js';
import {
  installWebhooks,
  makeDemoWebhookCerts,
  type SeededTimeBomb,
  seedTimeBombs,
  waitWebhookReady,
} from './demo/time-bombs.js';

/** Minutes from start to the end of the demo uptime window. */
const SHUTDOWN_AFTER_MINUTES = 4;
/** Reminder offsets (whole minutes: the agent's setting has minute precision). */
const REMINDER_OFFSETS = [3, 2, 1];
const FIRST_REMINDER_MINUTES = 3;

const stops: (() => Promise<unknown>)[] = [];
let stopping: Promise<never> | undefined;

/** Stops what was started, newest first, once, however many signals or failures ask. */
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    console.log('\nstopping…');
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((error: unknown) => console.error(`  ${String(error)}`));
    }
    process.exit(code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'curfew-local-'));
  const step = (what: string) => console.log(`  ${what}`);
  console.log(`Curfew, locally (state and logs in ${dir})`);

  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const redis: RedisServer = await startRedisServer().catch((error: unknown) => {
      throw new Error(
        `could not start redis-server (${String(error)}); install it (e.g. apt-get install redis-server) or set REDIS_URL=redis://host:port`,
      );
    });
    stops.push(() => redis.stop());
    redisUrl = redis.url;
  }
  step(`redis ${redisUrl}`);

  const signingSecret = randomBytes(16).toString('hex');
  const slack = await SlackSim.start();
  stops.push(() => slack.close());
  const users = {
    ana: slack.workspace.addUser(DEMO_USERS.ana),
    bob: slack.workspace.addUser(DEMO_USERS.bob),
    root: slack.workspace.addUser(DEMO_USERS.root),
  };
  slack.workspace.addChannel('platform');

  const clusterIds = ['dev-eu', 'dev-us'] as const;
  const sims = await Promise.all(
    clusterIds.map((id) =>
      startKubeSim({
        // HTTPS with a token: client-node (the agent) never sends a token over plain HTTP.
        token: randomBytes(16).toString('hex'),
        kubeconfigPath: join(dir, `${id}.kubeconfig`),
        fixture: fixtureFor(DEMO_CLUSTERS[id]),
        readyDelayMs: 1_500,
        podTerminationDelayMs: 500,
      }),
    ),
  );
  for (const sim of sims) stops.push(() => sim.stop());
  step(`clusters ${clusterIds.map((id, i) => `${id} ${sims[i]?.url}`).join(', ')}`);

  const admin = newAdminToken();
  const hub = await launchHubProcess({
    instanceId: 'hub-1',
    logFile: join(dir, 'hub-1.log'),
    env: {
      REDIS_URL: redisUrl,
      REDIS_PREFIX: `curfew-local-${started}:`,
      API_TOKENS: admin.apiTokensSetting,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
      SLACK_ADMINS: DEMO_USERS.root.email,
      PUBLIC_GRPC_ADDRESS: '127.0.0.1:9090',
      // The local agents dial the hub's plaintext port on loopback.
      PUBLIC_GRPC_TLS: 'false',
    },
  });
  stops.push(() => hub.stop());
  await hub.ready;
  slack.connectApp({ url: `${hub.url}/slack/events`, signingSecret });
  step(`hub ${hub.url} (agents: 127.0.0.1:${hub.grpcPort})`);

  const api = new AdminApi(hub.url, admin.token);
  const { uptime, endsAt } = demoUptime(Date.now(), SHUTDOWN_AFTER_MINUTES);
  const webhooks = await Promise.all(
    clusterIds.map(async (id) => ({
      port: await freePort(),
      ...(await makeDemoWebhookCerts(dir, id)),
    })),
  );
  await Promise.all(
    clusterIds.map(async (id, i) => {
      const registered = await api.registerCluster(id, '#platform');
      const webhook = webhooks[i];
      const agent = await startAgentProcess({
        clusterId: id,
        hubGrpcAddress: `127.0.0.1:${hub.grpcPort}`,
        token: registered.token,
        kubeconfigPath: sims[i]?.kubeconfigPath ?? '',
        uptime,
        reminderOffsetsMinutes: REMINDER_OFFSETS,
        expiryWarningOffsetsMinutes: DEMO_EXPIRY_WARNINGS_MINUTES,
        ...(webhook ? { webhook } : {}),
        logFile: join(dir, `agent-${id}.log`),
      });
      // Agents stop before the hub (stops run in reverse), so they do not spend the
      // shutdown reconnecting.
      stops.push(() => agent.stop());
      return agent;
    }),
  );
  await waitConnected(api, clusterIds.length);
  step(`agents connected (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  // As `helm install` of the agent chart would: the webhook configurations, then (like a person
  // applying manifests) workloads with time bombs, which kube-sim has the agent's webhook stamp.
  const bombs: SeededTimeBomb[] = [];
  for (const [i, id] of clusterIds.entries()) {
    const sim = sims[i];
    const webhook = webhooks[i];
    if (!sim || !webhook) continue;
    await waitWebhookReady(webhook.port, webhook.caCert);
    await installWebhooks(sim, webhook.port, webhook.caCert);
    bombs.push(...(await seedTimeBombs(sim, DEMO_CLUSTERS[id])));
  }
  step(
    `time bombs stamped by the agents' webhooks: ${bombs.map((b) => `${b.namespace}/${b.name}`).join(', ')}`,
  );

  const at = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  const page = (user: { id: string }) => `${slack.url}?user=${user.id}&view=dm`;
  const [eu, us] = sims;
  console.log(`
Ready.
  Slack (as ana)   ${page(users.ana)}
  Slack (as bob)   ${page(users.bob)}
  Slack (as root)  ${page(users.root)}   (a hub admin)
  Admin API docs   ${hub.url}/docs   (token: ${admin.token})
  Clusters         kubectl --kubeconfig ${eu?.kubeconfigPath} get ns
                   kubectl --kubeconfig ${us?.kubeconfigPath} get deploy,sts,cronjob -n team-b
  Logs             ${dir}/*.log

Schedule: uptime "${uptime}" — reminders ${REMINDER_OFFSETS.join(', ')} min before, shutdown at ${at(endsAt)} UTC.

Tour:
  1. Open Slack as ana and type  /devenv list  — her namespaces in both clusters.
     Try  /devenv stop demo  (it exists in dev-eu and dev-us: you get a question back).
  2. Around ${at(endsAt - FIRST_REMINDER_MINUTES * 60_000)} UTC ana gets a reminder for team-a: pick Snooze → 1 hour, or
     Suspend now, and watch  kubectl --kubeconfig ${eu?.kubeconfigPath} get deploy -n team-a
  3. At ${at(endsAt)} UTC everything not snoozed is suspended; click Resume in the
     "suspended" message and wait for "ready". Bob's namespaces are his: ana is refused.
${timeBombStep(bombs, eu?.kubeconfigPath ?? '', at)}
Ctrl-C stops everything.`);
}

/** The tour's time-bomb step, with the times the webhook really stamped. */
function timeBombStep(
  bombs: readonly SeededTimeBomb[],
  kubeconfig: string,
  at: (ms: number) => string,
): string {
  const [first] = bombs;
  if (!first) return '';
  const goesOff = Math.min(...bombs.map((b) => b.validUntil));
  const warnAt = goesOff - Math.max(...DEMO_EXPIRY_WARNINGS_MINUTES) * 60_000;
  return `  4. ${first.namespace} (ana's, on dev-eu) has time bombs: its pod templates say curfew.dev/timer: ${first.timer}
     and the agent's admission webhook stamped curfew.dev/valid-until (${at(goesOff)} UTC):
       kubectl --kubeconfig ${kubeconfig} get deploy,sts -n ${first.namespace} -o yaml | grep curfew.dev/
     Around ${at(warnAt)} UTC ana gets an expiry warning saying how long is left: click Extend 1h
     (valid-until moves, the timer stays ${first.timer}), or Let it expire: at ${at(goesOff)} UTC they scale to 0.
`;
}

async function waitConnected(api: AdminApi, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { clusters } = await api.clusters();
    if (clusters.filter((c) => c.connected).length >= count) return;
    if (Date.now() > deadline) {
      throw new Error('the agents did not connect within 60 s; see agent-*.log in the state dir');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error: unknown) => {
  // Interrupted while starting: what failed was only cut short by the shutdown.
  if (stopping) return;
  console.error(`bin/start failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
