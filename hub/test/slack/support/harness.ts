import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Notification } from '@curfew/proto';
import { type SimUser, SlackRequester, SlackSim } from '@curfew/slack-sim';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach } from 'vitest';
import { mountSlack, type SlackConfig, type SlackMount } from '../../../src/slack/index.js';
import { FakeAudit, FakeClusters, FakeDispatcher, FakeNamespaces, summary } from './fakes.js';

export const SIGNING_SECRET = 'test-signing-secret';

export interface Harness {
  url: string;
  sim: SlackSim;
  slack: SlackRequester;
  redis: Redis;
  mount: SlackMount;
  namespaces: FakeNamespaces;
  clusters: FakeClusters;
  dispatcher: FakeDispatcher;
  audit: FakeAudit;
  ana: SimUser;
  bob: SimUser;
  admin: SimUser;
  /**
   * An agent's notification, as a real agent sends it: its snapshot reports the namespace
   * first (with the owner and channel the notification names), unless the hub knows it
   * already — the hub tells only owners it knows from snapshots.
   */
  notify(clusterId: string, notification: Notification): Promise<void>;
  close(): Promise<void>;
}

/**
 * A hub-shaped express app with only the Slack side mounted, against a real redis-server
 * and the slack-sim, with fake ports. Two clusters, three users.
 */
export async function startHarness(overrides: Partial<SlackConfig> = {}): Promise<Harness> {
  const redisServer: RedisServer = await startRedisServer();
  const sim = await SlackSim.start();
  const redis = new Redis({ host: '127.0.0.1', port: redisServer.port, maxRetriesPerRequest: 1 });
  const namespaces = new FakeNamespaces();
  const clusters = new FakeClusters();
  const dispatcher = new FakeDispatcher();
  const audit = new FakeAudit();
  clusters.add({ clusterId: 'c-eu', name: 'eu-dev', connected: true, defaultChannel: '#eu-dev' });
  clusters.add({ clusterId: 'c-us', name: 'us-dev', connected: true });
  sim.workspace.addChannel('eu-dev');
  const ana = sim.workspace.addUser({ name: 'ana', email: 'ana@example.com' });
  const bob = sim.workspace.addUser({ name: 'bob', email: 'bob@example.com' });
  const admin = sim.workspace.addUser({ name: 'root', email: 'root@example.com' });

  const app = express();
  const mount = mountSlack(app, {
    config: {
      signingSecret: SIGNING_SECRET,
      botToken: sim.token,
      slackApiUrl: sim.apiUrl,
      admins: ['root@example.com'],
      dispatchWaitMs: 2_000,
      apiTimeoutMs: 1_000,
      outbox: { backoffMs: 100, concurrency: 4 },
      ...overrides,
    },
    namespaces,
    dispatcher,
    audit,
    clusters,
    redis,
    // The same form main.ts uses: a URL; BullMQ opens its own connections from it.
    bullConnection: { url: `redis://127.0.0.1:${redisServer.port}`, maxRetriesPerRequest: null },
    logger: pino({ level: process.env.SLACK_TEST_LOG ?? 'silent' }),
  });
  const { server, url } = await listen(app);
  const slack = new SlackRequester({ url, signingSecret: SIGNING_SECRET, sim });
  return {
    url,
    sim,
    slack,
    redis,
    mount,
    namespaces,
    clusters,
    dispatcher,
    audit,
    ana,
    bob,
    admin,
    notify: async (clusterId, notification) => {
      if ((await namespaces.find(notification.namespace, clusterId)).length === 0) {
        namespaces.add(
          clusterId,
          summary({
            name: notification.namespace,
            owner: notification.owner,
            channel: notification.channel,
          }),
        );
      }
      await mount.sink.deliver(clusterId, notification);
    },
    close: async () => {
      await mount.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
      await sim.close();
      await redisServer.stop();
    },
  };
}

/**
 * For a test file whose tests each start one harness: returns the start function and
 * closes that test's harness after it, also when the test failed.
 */
export function harnessPerTest(): (overrides?: Partial<SlackConfig>) => Promise<Harness> {
  let current: Harness | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (overrides) => {
    current = await startHarness(overrides);
    return current;
  };
}

/** Gives asynchronous work time to happen, before checking that something did NOT. */
export const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` };
}

/**
 * Another hub replica: its own express app, Slack mount and outbox worker, on the same
 * Redis, Slack and ports as `h`.
 */
export async function startReplica(
  h: Harness,
): Promise<{ url: string; slack: SlackRequester; close(): Promise<void> }> {
  const app = express();
  const port = h.redis.options.port;
  const mount = mountSlack(app, {
    config: {
      signingSecret: SIGNING_SECRET,
      botToken: h.sim.token,
      slackApiUrl: h.sim.apiUrl,
      admins: ['root@example.com'],
      dispatchWaitMs: 2_000,
      apiTimeoutMs: 1_000,
      outbox: { backoffMs: 100 },
    },
    namespaces: h.namespaces,
    dispatcher: h.dispatcher,
    audit: h.audit,
    clusters: h.clusters,
    redis: h.redis,
    bullConnection: { url: `redis://127.0.0.1:${port}`, maxRetriesPerRequest: null },
  });
  const { server, url } = await listen(app);
  return {
    url,
    slack: new SlackRequester({ url, signingSecret: SIGNING_SECRET, sim: h.sim }),
    close: async () => {
      await mount.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls until `check` passes (or the deadline), for effects the outbox applies later. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
