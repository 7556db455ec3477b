/**
 * The hub unchanged on a Redis Cluster (issue 13 part 4): a local 3-master cluster, the real hub
 * process with REDIS_URL=redis+cluster://… and a hash-tagged prefix, Slack on slack-sim. An
 * agent registers, streams and reports; an admin-API action is routed to it and back; its
 * notification goes through the BullMQ outbox to the owner's Slack DM; the audit records it.
 * Every key the hub wrote carries the prefix's hash tag, so all of them live in one slot.
 */
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { CommandStatus, NamespaceState, NotificationKind } from '@curfew/proto';
import { SlackSim } from '@curfew/slack-sim';
import { type RedisCluster, spawnNodeSync, startRedisCluster } from '@curfew/test-support';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubProcess, startHubProcess } from '../../scripts/demo/hub-process.js';
import { hashToken } from '../src/agents/token-store.js';
import { FakeAgent } from './support/fake-agent.js';
import { eventually } from './support/hub-harness.js';

const ADMIN = 'cluster-admin-token';
const PREFIX = '{curfew}:';
let redis: RedisCluster;
let slack: SlackSim;
let hub: HubProcess;
let agent: FakeAgent | undefined;

async function api(path: string, body?: unknown) {
  const response = await fetch(`${hub.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  redis = await startRedisCluster();
  slack = await SlackSim.start();
  hub = await startHubProcess({
    instanceId: 'hub-cluster',
    env: {
      REDIS_URL: redis.url,
      REDIS_PREFIX: PREFIX,
      LOG_LEVEL: 'warn',
      API_TOKENS: JSON.stringify([{ name: 'admin', role: 'admin', sha256: hashToken(ADMIN) }]),
      SLACK_SIGNING_SECRET: 'cluster-signing-secret',
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
    },
  });
}, 300_000);

afterAll(async () => {
  agent?.close();
  await hub?.stop();
  await slack?.close();
  await redis?.stop();
});

describe('the hub on a 3-master Redis Cluster', () => {
  it('registers, routes an action, delivers a notification through the outbox and audits', async () => {
    const ana = slack.workspace.addUser({ name: 'ana', email: 'ana@example.com' });
    const registered = await api('/api/v1/clusters', { name: 'dev-eu' });
    expect(registered.status).toBe(201);
    agent = new FakeAgent({
      address: `127.0.0.1:${hub.grpcPort}`,
      token: String(registered.json.token),
      clusterId: 'dev-eu',
      onCommand: (command, self) => self.answer(command.id, CommandStatus.SUCCEEDED, 'all good'),
    });
    await agent.next('welcome', 1, 30_000);
    agent.send({
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: 1n,
          takenAt: timestampNow(),
          namespaces: [{ name: 'team-a', owner: 'ana@example.com', state: NamespaceState.RUNNING }],
        },
      },
    });
    await eventually(async () => {
      const { json } = await api('/api/v1/namespaces');
      return JSON.stringify(json).includes('team-a');
    }, 15_000);

    const action = await api('/api/v1/actions', {
      cluster: 'dev-eu',
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
          owner: 'ana@example.com',
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

    const audit = await api('/api/v1/audit');
    expect(JSON.stringify(audit.json)).toContain('team-a');

    // Every key is the hub's, hash-tagged: one slot, wherever the cluster put it.
    const keys: string[] = [];
    const direct = new Cluster(
      redis.nodes.map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) })),
    );
    try {
      await new Promise((resolve) => direct.once('ready', resolve));
      for (const node of direct.nodes('master')) keys.push(...(await node.keys('*')));
    } finally {
      direct.disconnect();
    }
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((k) => !k.startsWith(PREFIX))).toEqual([]);
  }, 120_000);

  it('refuses a Cluster REDIS_URL with a prefix that has no hash tag, saying what to write', () => {
    const run = spawnNodeSync(new URL('../src/main.ts', import.meta.url).pathname, {
      env: {
        PATH: process.env.PATH ?? '',
        HTTP_PORT: '0',
        GRPC_PORT: '0',
        REDIS_URL: redis.url,
        REDIS_PREFIX: 'curfew:',
        SLACK_SIGNING_SECRET: 's',
        SLACK_BOT_TOKEN: 'xoxb-x',
      },
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /REDIS_PREFIX: must contain a hash tag with Redis Cluster, e\.g\. \{curfew\}:/,
    );
  });
});
