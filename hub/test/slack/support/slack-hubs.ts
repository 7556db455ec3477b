/**
 * Whole hub replicas — createHub with the Slack side mounted, exactly as main.ts wires them —
 * on one test Redis and one slack-sim, so a test can stop the replica that took a Slack
 * request and watch another one finish it.
 */
import { randomUUID } from 'node:crypto';
import { SlackRequester, type SlackSim } from '@curfew/slack-sim';
import { pino } from 'pino';
import { loadProcessConfig } from '../../../src/config.js';
import { createHub, type Hub } from '../../../src/hub.js';
import { mountSlack, type SlackConfig, slackConfigFrom } from '../../../src/slack/index.js';
import { hashToken } from '../../../src/token-hash.js';
import { ADMIN_TOKEN, eventually } from '../../support/hub-harness.js';
import { SIGNING_SECRET } from './harness.js';

export interface SlackHub {
  hub: Hub;
  baseUrl: string;
  grpcAddress: string;
  /** Sends signed Slack requests to this replica. */
  slack: SlackRequester;
  api(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export interface SlackHubOptions {
  /** Hub settings (environment), e.g. COMMAND_TTL. */
  env?: Record<string, string>;
  /** Slack side settings on top of the ones main.ts derives. */
  slack?: Partial<SlackConfig>;
  /** false: a replica without the Slack side (its agent side still routes and expires). */
  mountSlack?: boolean;
}

export async function startSlackHub(
  redisUrl: string,
  prefix: string,
  sim: SlackSim,
  options: SlackHubOptions = {},
): Promise<SlackHub> {
  const config = loadProcessConfig({
    HUB_INSTANCE_ID: `hub-${randomUUID().slice(0, 8)}`,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    BIND_ADDRESS: '127.0.0.1',
    PUBLIC_GRPC_ADDRESS: 'hub.test:443',
    API_TOKENS: JSON.stringify([{ name: 'ci', role: 'admin', sha256: hashToken(ADMIN_TOKEN) }]),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: sim.token,
    SLACK_API_URL: sim.apiUrl,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const logger = pino({ level: process.env.HUB_TEST_LOG ?? 'silent' });
  const hub = createHub({ config, logger, sweepIntervalMs: 100 });
  const slack =
    options.mountSlack === false
      ? undefined
      : mountSlack(hub.app, {
          ...hub.ports,
          config: {
            ...slackConfigFrom(config),
            apiTimeoutMs: 1_000,
            outbox: { prefix: `${prefix}bull`, backoffMs: 100 },
            ...options.slack,
          },
          redis: hub.redis.command,
          bullConnection: { url: redisUrl, maxRetriesPerRequest: null },
          logger,
        });
  if (slack) hub.setNotificationSink(slack.sink);
  const { httpPort, grpcPort } = await hub.listen();
  await eventually(() => hub.readiness().ready, 10_000, 'hub ready');
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  let stopped = false;
  return {
    hub,
    baseUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    slack: new SlackRequester({
      url: `${baseUrl}/slack/events`,
      signingSecret: SIGNING_SECRET,
      sim,
    }),
    async api(path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await slack?.close();
      await hub.stop();
    },
  };
}
