/**
 * The real hub process on a given Redis (one server, Sentinel or Cluster), Slack on slack-sim,
 * and the one end-to-end story every Redis topology must carry: an agent registers, streams and
 * reports; an admin-API action is routed to it and back; its notification goes through the
 * BullMQ outbox to the owner's Slack DM; the audit records it.
 */
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { CommandStatus, NamespaceState, NotificationKind } from '@curfew/proto';
import { SlackSim } from '@curfew/slack-sim';
import { expect } from 'vitest';
import { type HubProcess, startHubProcess } from '../../../scripts/demo/hub-process.js';
import { hashToken } from '../../src/token-hash.js';
import { FakeAgent } from './fake-agent.js';
import { eventually } from './hub-harness.js';

const ADMIN = 'topology-admin-token';

export interface HubOnRedis {
  hub: HubProcess;
  slack: SlackSim;
  stop(): Promise<void>;
}

export async function startHubOnRedis(redis: { url: string; prefix: string }): Promise<HubOnRedis> {
  const slack = await SlackSim.start();
  const hub = await startHubProcess({
    instanceId: 'hub-topology',
    env: {
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      LOG_LEVEL: 'warn',
      API_TOKENS: JSON.stringify([{ name: 'admin', role: 'admin', sha256: hashToken(ADMIN) }]),
      SLACK_SIGNING_SECRET: 'topology-signing-secret',
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
    },
  }).catch(async (error: unknown) => {
    await slack.close();
    throw error;
  });
  return {
    hub,
    slack,
    async stop() {
      await hub.stop();
      await slack.close();
    },
  };
}

/** Calls the admin API of a hub started by startHubOnRedis. */
export async function adminApi(hub: HubProcess, path: string, body?: unknown) {
  const response = await fetch(`${hub.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/**
 * Runs the story against a started hub for a new cluster (default `dev-eu`) whose namespace
 * `team-a` belongs to a new Slack user (default `ana`); the agent is closed at the end.
 * Returns the cluster's agent token.
 */
export async function registerRouteNotifyAudit(
  { hub, slack }: HubOnRedis,
  { clusterId = 'dev-eu', user = 'ana' }: { clusterId?: string; user?: string } = {},
): Promise<string> {
  const api = (path: string, body?: unknown) => adminApi(hub, path, body);
  const email = `${user}@example.com`;
  const ana = slack.workspace.addUser({ name: user, email });
  const registered = await api('/api/v1/clusters', { name: clusterId });
  expect(registered.status).toBe(201);
  const agent = new FakeAgent({
    address: `127.0.0.1:${hub.grpcPort}`,
    token: String(registered.json.token),
    clusterId,
    onCommand: (command, self) => self.answer(command.id, CommandStatus.SUCCEEDED, 'all good'),
  });
  try {
    await agent.next('welcome', 1, 30_000);
    agent.send({
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: 1n,
          takenAt: timestampNow(),
          namespaces: [{ name: 'team-a', owner: email, state: NamespaceState.RUNNING }],
        },
      },
    });
    await eventually(async () => {
      const { json } = await api(`/api/v1/namespaces?cluster=${clusterId}`);
      return JSON.stringify(json).includes('team-a');
    }, 15_000);

    const action = await api('/api/v1/actions', {
      cluster: clusterId,
      namespace: 'team-a',
      action: 'status',
      wait: 10,
    });
    expect(action.status).toBe(200);
    expect(action.json).toMatchObject({ state: 'done', result: { message: 'all good' } });

    agent.send({
      message: {
        case: 'notification',
        value: {
          id: 'reminder:team-a:15',
          kind: NotificationKind.REMINDER,
          namespace: 'team-a',
          owner: email,
          createdAt: timestampNow(),
          minutesBefore: 15,
          shutdownAt: { seconds: BigInt(Math.floor(Date.now() / 1000) + 900), nanos: 0 },
        },
      },
    });
    const dm = await eventually(
      () => slack.workspace.dm(ana.id).find((m) => m.text.includes('team-a')),
      30_000,
    );
    expect(dm.text).toContain('team-a');

    const audit = await api(`/api/v1/audit?cluster=${clusterId}`);
    expect(JSON.stringify(audit.json)).toContain('team-a');
    return String(registered.json.token);
  } finally {
    agent.close();
  }
}
