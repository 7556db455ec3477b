/**
 * The end-to-end world: one private redis-server, TWO hub replicas as real processes
 * (hub/src/main.ts), the Slack stand-in, and TWO simulated clusters (kube-sim), each with an
 * in-process agent on a WarpClock dialling the hubs through its own TCP balancer.
 * Users act only the way they do in Slack: signed requests to a replica's /slack/events.
 */
import {
  Agent,
  configSchema,
  kubeconfigFileTarget,
  makeWebhookCertificates,
  RealKube,
  startAdmissionServer,
} from '@curfew/agent';
import { type KubeObject, type KubeSim, mustResource, startKubeSim } from '@curfew/kube-sim';
import {
  blocksText,
  type SimMessage,
  type SimUser,
  SlackRequester,
  SlackSim,
} from '@curfew/slack-sim';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { AdminApi, newAdminToken } from '../../../scripts/demo/admin-api.js';
import { type HubProcess, launchHubProcess } from '../../../scripts/demo/hub-process.js';
import { installWebhooks } from '../../../scripts/demo/time-bombs.js';
import { TcpBalancer } from './tcp-balancer.js';
import { WarpClock } from './warp-clock.js';

export const SIGNING_SECRET = 'e2e-signing-secret';
export const CLUSTERS = ['dev-eu', 'dev-us'] as const;
export type ClusterId = (typeof CLUSTERS)[number];

export const RT = {
  namespaces: mustResource('', 'namespaces'),
  deployments: mustResource('apps', 'deployments'),
  statefulsets: mustResource('apps', 'statefulsets'),
  cronjobs: mustResource('batch', 'cronjobs'),
  events: mustResource('', 'events'),
  configmaps: mustResource('', 'configmaps'),
};

export interface WorldOptions {
  /** kube-sim fixture (multi-document YAML/JSON) per cluster. */
  fixtures: Record<ClusterId, string>;
  /** Uptime window of both clusters. */
  uptime: string;
  reminderOffsetsMinutes?: number[];
  /** The hubs' COMMAND_TTL. */
  commandTtl?: string;
  /** Where each cluster's agent connects first (replica index). */
  homeReplica?: Record<ClusterId, 0 | 1>;
  /**
   * Serve each agent's time-bomb admission webhooks (on the agents' WarpClock) and install them
   * in its kube-sim as the local run does (scripts/demo/time-bombs.ts), so kube-sim calls them.
   */
  webhooks?: boolean;
  /** Expiry warnings, minutes before a time bomb goes off. */
  expiryWarningOffsetsMinutes?: number[];
}

export interface ClusterHandle {
  readonly id: ClusterId;
  readonly sim: KubeSim;
  readonly balancer: TcpBalancer;
  agent: Agent | undefined;
  /** Starts (or restarts) the cluster's agent and waits for its stream. */
  startAgent(): Promise<Agent>;
  /** Stops the agent: the cluster goes offline for the hubs. */
  stopAgent(): Promise<void>;
}

export interface World {
  clock: WarpClock;
  sim: SlackSim;
  users: { ana: SimUser; bob: SimUser; root: SimUser };
  hubs: [HubProcess, HubProcess];
  /** A requester per replica: `slack[1]` sends to the second replica's /slack/events. */
  slack: [SlackRequester, SlackRequester];
  /** The admin API through replica 0 (`admins[1]`: through replica 1). */
  admin: AdminApi;
  admins: [AdminApi, AdminApi];
  clusters: Record<ClusterId, ClusterHandle>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

const quiet = () => pino({ level: process.env.CURFEW_TEST_LOG ?? 'silent' });

function makeAgent(
  id: ClusterId,
  sim: KubeSim,
  address: string,
  token: string,
  clock: WarpClock,
  options: WorldOptions,
) {
  const config = configSchema.parse({
    clusterId: id,
    instanceId: `agent-${id}`,
    agentNamespace: 'curfew-system',
    hub: { address, token, tls: false },
    policy: {
      mode: 'opt-in',
      defaultUptime: options.uptime,
      reminderOffsetsMinutes: options.reminderOffsetsMinutes ?? [60, 30, 15],
    },
    leaderElection: { enabled: false },
    resumeReadyTimeoutMs: 60_000,
    ...(options.expiryWarningOffsetsMinutes
      ? { expiryWarningOffsetsMinutes: options.expiryWarningOffsetsMinutes }
      : {}),
  });
  return new Agent({
    config,
    kube: new RealKube(kubeconfigFileTarget(sim.kubeconfigPath), quiet()),
    clock,
    random: Math.random,
    log: quiet(),
    hubCredentials: grpc.credentials.createInsecure(),
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    backoff: { baseMs: 50, maxMs: 400 },
    snapshotDelayMs: 20,
  });
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    const redis: RedisServer = await startRedisServer();
    closers.push(() => redis.stop());
    const sim = await SlackSim.start();
    closers.push(() => sim.close());
    const users = {
      ana: sim.workspace.addUser({ name: 'ana', email: 'ana@example.com' }),
      bob: sim.workspace.addUser({ name: 'bob', email: 'bob@example.com' }),
      root: sim.workspace.addUser({ name: 'root', email: 'root@example.com' }),
    };
    sim.workspace.addChannel('platform');
    const admin = newAdminToken('e2e-admin');
    const env = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'e2e:',
      API_TOKENS: admin.apiTokensSetting,
      COMMAND_TTL: options.commandTtl ?? '1d',
      // Agents run on a WarpClock that jumps hours; rare heartbeats keep the jumps cheap,
      // and the long presence keeps a stream alive while a test waits in real time.
      HEARTBEAT_INTERVAL: '5m',
      PRESENCE_TTL: '15m',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: sim.token,
      SLACK_API_URL: sim.apiUrl,
      SLACK_ADMINS: 'root@example.com',
      LOG_LEVEL: process.env.CURFEW_TEST_LOG ?? 'warn',
    };
    // Spawned first and registered for cleanup at once, so a failed start leaves nothing.
    const hubs = await Promise.all(
      (['hub-a', 'hub-b'] as const).map((instanceId) => launchHubProcess({ instanceId, env })),
    );
    // Hubs stop after the agents (pushed later, closed earlier).
    for (const hub of hubs) closers.push(() => hub.kill());
    const sims: KubeSim[] = [];
    for (const id of CLUSTERS) {
      const kubeSim = await startKubeSim({
        token: `${id}-token`,
        readyDelayMs: 200,
        fixture: options.fixtures[id],
      });
      closers.push(() => kubeSim.stop());
      sims.push(kubeSim);
    }
    await Promise.all(hubs.map((hub) => hub.ready));
    const [hubA, hubB] = hubs;
    if (!hubA || !hubB) throw new Error('two hub replicas were launched');
    sim.connectApp({ url: `${hubA.url}/slack/events`, signingSecret: SIGNING_SECRET });
    const api = new AdminApi(hubA.url, admin.token);
    const clock = new WarpClock();

    const clusters = {} as Record<ClusterId, ClusterHandle>;
    for (const [i, id] of CLUSTERS.entries()) {
      const kubeSim = sims[i] as KubeSim;
      const { token } = await api.registerCluster(id, '#platform');
      const balancer = await TcpBalancer.start([hubA.grpcPort, hubB.grpcPort]);
      closers.push(() => balancer.close());
      const home = options.homeReplica?.[id] ?? i;
      balancer.prefer((home === 0 ? hubA : hubB).grpcPort);
      const handle: ClusterHandle = {
        id,
        sim: kubeSim,
        balancer,
        agent: undefined,
        async startAgent() {
          const agent = makeAgent(id, kubeSim, balancer.address, token, clock, options);
          handle.agent = agent;
          await agent.start();
          await agent.link.whenConnected();
          return agent;
        },
        async stopAgent() {
          const agent = handle.agent;
          handle.agent = undefined;
          await agent?.stop();
        },
      };
      clusters[id] = handle;
      closers.push(() => handle.stopAgent());
    }
    await Promise.all(CLUSTERS.map((id) => clusters[id].startAgent()));
    if (options.webhooks) {
      for (const id of CLUSTERS) {
        const handle = clusters[id];
        const certs = await makeWebhookCertificates({
          service: 'curfew-agent-webhook',
          namespace: 'curfew-system',
          extraHosts: ['127.0.0.1'],
        });
        const policy = handle.agent?.policy;
        if (!policy) throw new Error(`the ${id} agent did not start`);
        // What agent/src/main.ts starts beside the agent, on the agent's clock.
        const server = await startAdmissionServer({
          port: 0,
          host: '127.0.0.1',
          tls: { cert: certs.cert, key: certs.key },
          policy,
          clock,
          logger: quiet(),
        });
        closers.push(() => server.close());
        await installWebhooks(handle.sim, server.port, certs.caCert);
      }
    }

    const settle = async () => {
      for (let i = 0; i < 3; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        for (const id of CLUSTERS) await clusters[id].agent?.reconciler.idle();
      }
    };
    const slack: [SlackRequester, SlackRequester] = [
      new SlackRequester({ url: `${hubA.url}/slack/events`, signingSecret: SIGNING_SECRET, sim }),
      new SlackRequester({ url: `${hubB.url}/slack/events`, signingSecret: SIGNING_SECRET, sim }),
    ];
    return {
      clock,
      sim,
      users,
      hubs: [hubA, hubB],
      slack,
      admin: api,
      admins: [api, new AdminApi(hubB.url, admin.token)],
      clusters,
      settle,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Polls until `check` passes; the hubs' Slack outbox and the agents act asynchronously. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** What a user sees of a message: its fallback text and every text in its blocks. */
export function textOf(message: SimMessage | undefined): string {
  return message ? `${message.text}\n${blocksText(message.blocks)}` : '';
}

/** The user's DM with the app (ephemeral answers included), oldest first. */
export function dms(sim: SlackSim, user: SimUser): SimMessage[] {
  return sim.workspace.dm(user.id).filter((m) => !m.deleted);
}

/** The newest message in the user's DM whose text matches. */
export function lastDm(sim: SlackSim, user: SimUser, pattern: RegExp): SimMessage {
  const found = dms(sim, user)
    .filter((m) => pattern.test(textOf(m)))
    .at(-1);
  if (!found) {
    const seen = dms(sim, user).map((m) => textOf(m).split('\n')[0]);
    throw new Error(`no DM to ${user.name} matching ${pattern}; seen: ${JSON.stringify(seen)}`);
  }
  return found;
}

export function replicas(
  sim: KubeSim,
  kind: 'Deployment' | 'StatefulSet',
  ns: string,
  name: string,
) {
  const rt = kind === 'Deployment' ? RT.deployments : RT.statefulsets;
  const object = sim.api.get(rt, ns, name) as KubeObject & { spec?: { replicas?: number } };
  return object.spec?.replicas;
}

export function namespaceAnnotations(sim: KubeSim, ns: string): Record<string, string> {
  return { ...sim.api.get(RT.namespaces, '', ns).metadata.annotations };
}

export function namespaceExists(sim: KubeSim, ns: string): boolean {
  try {
    sim.api.get(RT.namespaces, '', ns);
    return true;
  } catch {
    return false;
  }
}

export function cronJobSuspended(sim: KubeSim, ns: string, name: string): boolean {
  const object = sim.api.get(RT.cronjobs, ns, name) as KubeObject & {
    spec?: { suspend?: boolean };
  };
  return object.spec?.suspend === true;
}
