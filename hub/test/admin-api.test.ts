import { Action, CommandStatus, NamespaceState } from '@curfew/proto';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAgent } from './support/fake-agent.js';
import { eventually, READ_TOKEN, type RunningHub, startHub } from './support/hub-harness.js';

let redis: RedisServer;
let hub: RunningHub;
const agents: FakeAgent[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  hub = await startHub(redis.url, 'api:', {
    AGENT_CHART: 'oci://registry.test/charts/curfew-agent',
  });
  for (const name of ['alpha', 'beta']) {
    const token = (await hub.api('/api/v1/clusters', { body: { name } })).body.token as string;
    const agent = new FakeAgent({
      address: hub.grpcAddress,
      token,
      clusterId: name,
      onCommand: (command, self) => self.answer(command.id, CommandStatus.SUCCEEDED, `${name} ok`),
    });
    agents.push(agent);
    await agent.next('welcome');
  }
});

afterAll(async () => {
  for (const agent of agents) agent.close();
  await hub.stop();
  await redis.stop();
});

describe('admin API authentication', () => {
  it.each([
    { name: 'no token gets 401', token: null, path: '/api/v1/clusters', status: 401 },
    { name: 'an unknown token gets 401', token: 'wrong', path: '/api/v1/clusters', status: 401 },
    {
      name: 'a read-only token may list clusters',
      token: READ_TOKEN,
      path: '/api/v1/clusters',
      status: 200,
    },
    {
      name: 'a read-only token may read the audit log',
      token: READ_TOKEN,
      path: '/api/v1/audit',
      status: 200,
    },
  ])('$name', async ({ token, path, status }) => {
    expect((await hub.api(path, { token })).status).toBe(status);
  });

  it('refuses admin operations to a read-only token with 403', async () => {
    const response = await hub.api('/api/v1/clusters', {
      body: { name: 'nope' },
      token: READ_TOKEN,
    });
    expect(response.status).toBe(403);
    expect(response.body.message).toMatch(/read-only/);
  });
});

describe('admin API validation', () => {
  it.each([
    {
      name: 'a cluster name with capitals is refused, naming the field',
      path: '/api/v1/clusters',
      body: { name: 'Prod EU' },
      mentions: "body.name: The cluster id 'Prod EU' has upper-case letters",
    },
    {
      name: 'a snooze without a duration is refused, naming the duration',
      path: '/api/v1/actions',
      body: { cluster: 'alpha', namespace: 'team-a', action: 'snooze' },
      mentions: 'body.duration: is required for snooze',
    },
    {
      name: 'an unknown action is refused, naming the action',
      path: '/api/v1/actions',
      body: { cluster: 'alpha', namespace: 'team-a', action: 'explode' },
      mentions: 'body.action:',
    },
    {
      name: 'a wait over a minute is refused, pointing at polling',
      path: '/api/v1/actions',
      body: { cluster: 'alpha', namespace: 'team-a', action: 'status', wait: 300 },
      mentions: 'body.wait: must be at most 60 (seconds)',
    },
    {
      name: 'a malformed duration is refused with an example',
      path: '/api/v1/extend',
      body: { skuPrefix: '/tribe', duration: 'soon' },
      mentions: "body.duration: The duration 'soon'",
    },
    {
      name: 'an SKU prefix that is not a path is refused',
      path: '/api/v1/extend',
      body: { skuPrefix: 'tribe', duration: '1h' },
      mentions: "body.skuPrefix: The SKU 'tribe' does not start with '/'",
    },
  ])('$name', async ({ path, body, mentions }) => {
    const response = await hub.api(path, { body });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.message).toContain(mentions);
  });

  it('names the query parameter when a filter value is unknown', async () => {
    const response = await hub.api('/api/v1/namespaces?state=sleeping');
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('query.state:');
  });

  it('says how to send a body when there is none', async () => {
    const response = await hub.api('/api/v1/clusters', { method: 'POST' });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('Content-Type: application/json');
  });

  it('answers broken JSON with 400, not 500', async () => {
    const response = await fetch(`${hub.baseUrl}/api/v1/clusters`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer test-admin-token-0123456789',
        'content-type': 'application/json',
      },
      body: '{"name":',
    });
    expect(response.status).toBe(400);
  });
});

describe('clusters', () => {
  it('registers a cluster and returns its one-time token and the exact helm command', async () => {
    const response = await hub.api('/api/v1/clusters', {
      body: { name: 'gamma', defaultChannel: '#platform' },
    });
    expect(response.status).toBe(201);
    const { id, token, helmCommand } = response.body;
    expect(id).toBe('gamma');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(helmCommand).toBe(
      `helm upgrade --install curfew-agent oci://registry.test/charts/curfew-agent --namespace curfew-system --create-namespace --set-string clusterId=gamma --set-string hub.address=hub.test:443 --set-string token.value=${token}`,
    );
    const stored = await hub.hub.redis.command.hgetall('api:cluster:gamma');
    expect(Object.values(stored)).not.toContain(token);
  });

  it('refuses a second registration of the same name', async () => {
    const response = await hub.api('/api/v1/clusters', { body: { name: 'alpha' } });
    expect(response.status).toBe(409);
  });

  it('lists clusters with connection state and agent version', async () => {
    const response = await hub.api('/api/v1/clusters');
    const alpha = response.body.clusters.find((c: { id: string }) => c.id === 'alpha');
    expect(alpha).toMatchObject({ connected: true, agentVersion: '0.1.0-test', revoked: false });
    expect(Date.parse(alpha.lastSeen)).toBeGreaterThan(0);
  });

  it('answers 404 for a cluster that does not exist', async () => {
    expect((await hub.api('/api/v1/clusters/nowhere')).status).toBe(404);
    expect((await hub.api('/api/v1/clusters/nowhere/revoke', { method: 'POST' })).status).toBe(404);
    expect((await hub.api('/api/v1/clusters/nowhere/rotate', { body: {} })).status).toBe(404);
    const action = await hub.api('/api/v1/actions', {
      body: { cluster: 'nowhere', namespace: 'a', action: 'status' },
    });
    expect(action.status).toBe(404);
    expect(action.body).toMatchObject({ error: 'cluster_not_found' });
  });

  it('refuses actions and rotation for a revoked cluster', async () => {
    await hub.api('/api/v1/clusters', { body: { name: 'gone' } });
    await hub.api('/api/v1/clusters/gone/revoke', { method: 'POST' });
    const action = await hub.api('/api/v1/actions', {
      body: { cluster: 'gone', namespace: 'a', action: 'status' },
    });
    expect(action.status).toBe(409);
    expect(action.body).toMatchObject({ error: 'cluster_revoked' });
    expect((await hub.api('/api/v1/clusters/gone/rotate', { body: {} })).status).toBe(409);
  });
});

describe('actions and extend', () => {
  it('returns the result of an action and lets it be polled by id', async () => {
    const response = await hub.api('/api/v1/actions', {
      body: { cluster: 'alpha', namespace: 'team-a', action: 'prolong', duration: '2h' },
    });
    expect(response.status).toBe(200);
    expect(response.body.result.message).toBe('alpha ok');
    const polled = await hub.api(`/api/v1/actions/${response.body.id}`, { token: READ_TOKEN });
    expect(polled.body).toEqual(response.body);
    expect((await hub.api('/api/v1/actions/unknown-id')).status).toBe(404);
  });

  it('extends time bombs on every cluster by SKU prefix; an offline one gets it on reconnect', async () => {
    const response = await hub.api('/api/v1/extend', {
      body: { skuPrefix: '/tribe/squad', duration: '90m', wait: 0.5 },
    });
    expect(response.status).toBe(200);
    expect(
      response.body.actions
        .map((a: { cluster: string; state: string }) => `${a.cluster}:${a.state}`)
        .sort(),
    ).toEqual(['alpha:done', 'beta:done', 'gamma:pending']);
    const command = agents[1]?.commands.at(-1);
    expect(command?.action).toBe(Action.EXTEND);
    expect(command?.target).toMatchObject({
      case: 'sku',
      value: { clusterId: 'beta', skuPrefix: '/tribe/squad' },
    });
    expect(Number(command?.duration?.seconds)).toBe(5_400);
  });

  it('records who did what in the audit log, newest first', async () => {
    const response = await hub.api('/api/v1/audit?limit=500');
    const actions = response.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('cluster.register');
    expect(actions).toContain('cluster.revoke');
    expect(actions).toContain('prolong');
    const times = response.body.entries.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const oldest = response.body.entries.at(-1);
    const before = await hub.api(`/api/v1/audit?before=${encodeURIComponent(oldest.at)}`);
    expect(before.body.entries).toEqual([]);
  });
});

describe('unreachable owners', () => {
  it('lists what the Slack side reports, once it is mounted', async () => {
    expect((await hub.api('/api/v1/unreachable-owners')).body).toEqual({ owners: [] });
    hub.hub.setUnreachableOwners(async () => [
      { namespace: 'alpha/team-a', reason: 'users_not_found: a@example.com', since: 0 },
    ]);
    expect((await hub.api('/api/v1/unreachable-owners', { token: READ_TOKEN })).body).toEqual({
      owners: [
        {
          namespace: 'alpha/team-a',
          reason: 'users_not_found: a@example.com',
          since: '1970-01-01T00:00:00.000Z',
        },
      ],
    });
  });
});

describe('paused GitOps reconcilers', () => {
  it('lists each reconciler the agents report paused once, with every namespace it is paused for, filtered by cluster', async () => {
    const shop = { kind: 'Application', namespace: 'argocd', name: 'shop' };
    const suspended = (name: string, pausedReconcilers: object[]) => ({
      name,
      state: NamespaceState.SUSPENDED,
      pausedReconcilers,
    });
    agents[0]?.send({
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: 1n,
          namespaces: [
            // One Application deploying both namespaces: reported in both summaries.
            suspended('team-a', [
              { ...shop, pausedFor: ['team-b', 'team-a'] },
              {
                kind: 'Kustomization',
                namespace: 'flux-system',
                name: 'apps',
                pausedFor: ['team-a'],
              },
            ]),
            suspended('team-b', [{ ...shop, pausedFor: ['team-b', 'team-a'] }]),
            { name: 'web', state: NamespaceState.RUNNING },
          ],
        },
      },
    });
    agents[1]?.send({
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: 1n,
          namespaces: [
            suspended('ops', [
              { kind: 'HelmRelease', namespace: 'ops', name: 'db', pausedFor: ['ops'] },
            ]),
          ],
        },
      },
    });
    const listed = await eventually(async () => {
      const { body } = await hub.api('/api/v1/paused-reconcilers', { token: READ_TOKEN });
      return body.reconcilers?.length === 3 ? body.reconcilers : null;
    });
    expect(
      listed.map(
        (r: {
          cluster: string;
          kind: string;
          namespace: string;
          name: string;
          pausedFor: string[];
        }) => `${r.cluster} ${r.kind} ${r.namespace}/${r.name} for ${r.pausedFor.join(',')}`,
      ),
    ).toEqual([
      'alpha Application argocd/shop for team-a,team-b',
      'alpha Kustomization flux-system/apps for team-a',
      'beta HelmRelease ops/db for ops',
    ]);
    expect(Date.parse(listed[0].seenAt)).toBeGreaterThan(0);
    const beta = await hub.api('/api/v1/paused-reconcilers?cluster=beta');
    expect(beta.body.reconcilers.map((r: { name: string }) => r.name)).toEqual(['db']);
    const bad = await hub.api('/api/v1/paused-reconcilers?cluster=Prod');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('query.cluster:');
  });
});

describe('service endpoints', () => {
  it('serves an OpenAPI 3.1 document generated from the request schemas', async () => {
    const doc = (await hub.api('/openapi.json', { token: null })).body;
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/api/v1/actions'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.properties.action.enum).toEqual([
      'suspend',
      'resume',
      'delete',
      'snooze',
      'prolong',
      'status',
    ]);
    expect(schema.required).toEqual(expect.arrayContaining(['cluster', 'namespace', 'action']));
    expect(create.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
    );
    const get = doc.paths['/api/v1/clusters/{id}'].get;
    expect(get.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    );
    expect(
      doc.paths['/api/v1/namespaces'].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(['cluster', 'owner', 'state', 'X-Request-Id']);
    expect(get.parameters).toContainEqual(
      expect.objectContaining({
        name: 'X-Request-Id',
        in: 'header',
        schema: expect.objectContaining({ maxLength: 128 }),
      }),
    );
  });

  it('serves a self-contained docs page', async () => {
    const response = await fetch(`${hub.baseUrl}/docs`);
    const html = await response.text();
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
  });

  it('reports health, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${hub.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${hub.baseUrl}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${hub.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/curfew_hub_connected_agents 2/);
    expect(metrics).toMatch(/curfew_hub_commands_total\{outcome="succeeded"\} \d+/);
  });
});
