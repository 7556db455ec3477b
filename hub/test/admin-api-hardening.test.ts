/**
 * The admin API as an attacker or a careless client uses it (issue 18, finding 6): fields the
 * API does not know, bodies sent without a token, an Idempotency-Key reused for another
 * request, and overlong keys, request ids and SKUs.
 */
import { gzipSync } from 'node:zlib';
import { CommandStatus } from '@curfew/proto';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../src/api/routes/index.js';
import { FakeAgent } from './support/fake-agent.js';
import { ADMIN_TOKEN, type RunningHub, startHub } from './support/hub-harness.js';

let redis: RedisServer;
let hub: RunningHub;
let agent: FakeAgent;
let beta: FakeAgent;

beforeAll(async () => {
  redis = await startRedisServer();
  hub = await startHub(redis.url, 'harden:');
  const connect = async (clusterId: string) => {
    const token = (await hub.api('/api/v1/clusters', { body: { name: clusterId } })).body
      .token as string;
    const connected = new FakeAgent({
      address: hub.grpcAddress,
      token,
      clusterId,
      onCommand: (command, self) => self.answer(command.id, CommandStatus.SUCCEEDED, 'ok'),
    });
    await connected.next('welcome');
    return connected;
  };
  agent = await connect('alpha');
  beta = await connect('beta');
});

afterAll(async () => {
  agent.close();
  beta.close();
  await hub.stop();
  await redis.stop();
});

/** A valid body for every route that takes one (each test adds one field nobody knows). */
const VALID_BODIES: Record<string, { method: string; path: string; body: object }> = {
  registerCluster: { method: 'POST', path: '/api/v1/clusters', body: { name: 'gamma' } },
  updateCluster: {
    method: 'PATCH',
    path: '/api/v1/clusters/alpha',
    body: { prices: { vcpuHour: 0.05 } },
  },
  rotateClusterToken: {
    method: 'POST',
    path: '/api/v1/clusters/alpha/rotate',
    body: { overlap: '1h' },
  },
  createAction: {
    method: 'POST',
    path: '/api/v1/actions',
    body: { cluster: 'alpha', namespace: 'team-a', action: 'status' },
  },
  extendTimeBombs: {
    method: 'POST',
    path: '/api/v1/extend',
    body: { skuPrefix: '/tribe', duration: '1h', cluster: 'alpha' },
  },
};

describe('unknown fields', () => {
  it('has a valid body for every route that takes one', () => {
    const withBody = apiRoutes.filter((route) => route.body !== undefined);
    expect(withBody.map((route) => route.operationId).sort()).toEqual(
      Object.keys(VALID_BODIES).sort(),
    );
  });

  it.each(Object.entries(VALID_BODIES))(
    '%s refuses a field it does not know, naming it',
    async (_, route) => {
      const response = await hub.api(route.path, {
        method: route.method,
        body: { ...route.body, requestedBy: 'U0ADMIN' },
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_request');
      expect(response.body.message).toContain('requestedBy');
    },
  );

  it('refuses an unknown field inside the prices of a registration', async () => {
    const response = await hub.api('/api/v1/clusters', {
      body: { name: 'delta', prices: { vcpuHour: 1, ramHour: 2 } },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('ramHour');
  });
});

describe('the token is checked before the body is read', () => {
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${hub.baseUrl}/api/v1/clusters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it.each([
    { name: 'a body over the size limit', body: `{"name":"${'x'.repeat(200_000)}"}` },
    { name: 'malformed JSON', body: '{"name":' },
  ])('answers $name without a token with 401', async ({ body }) => {
    const response = await post(body, {});
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('unauthorized');
  });

  it('answers the same body with a wrong token with 401', async () => {
    const response = await post('{"name":', { authorization: 'Bearer not-a-token' });
    expect(response.status).toBe(401);
  });

  it('still answers malformed JSON with a valid token with 400', async () => {
    const response = await post('{"name":', { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('not valid JSON');
  });
});

describe('request bodies', () => {
  const post = (body: string | Uint8Array, headers: Record<string, string>) =>
    fetch(`${hub.baseUrl}/api/v1/clusters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
      body,
    });
  const message = async (response: Response) =>
    ((await response.json()) as { message: string }).message;

  // The plain case is read by the API itself (json-body.ts), the rest by express.json().
  const accepted: { name: string; body: string | Uint8Array; headers: Record<string, string> }[] = [
    { name: 'plain JSON', body: '{"name":"plain"}', headers: {} },
    {
      name: 'JSON with a charset',
      body: '{"name":"charset"}',
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    },
    { name: 'JSON after a byte order mark', body: '\ufeff {"name":"bom"}', headers: {} },
    {
      name: 'gzip-compressed JSON',
      body: gzipSync('{"name":"gzipped"}'),
      headers: { 'content-encoding': 'gzip' },
    },
  ];
  it.each(accepted)('accepts $name', async ({ body, headers }) => {
    const response = await post(body, { 'content-type': 'application/json', ...headers });
    expect(response.status).toBe(201);
  });

  it.each([
    { name: 'a number', body: '1' },
    { name: 'a string', body: ' "x"' },
    { name: 'a truncated object', body: '{"name":"trunc' },
  ])('refuses $name as the body with 400', async ({ body }) => {
    const response = await post(body, { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(await message(response)).toContain('not valid JSON');
  });

  it('reads no body sent as another type, saying which type to send', async () => {
    const response = await post('{"name":"typed"}', { 'content-type': 'text/plain' });
    expect(response.status).toBe(400);
    expect(await message(response)).toContain('Content-Type: application/json');
  });
});

describe('Idempotency-Key', () => {
  const act = (key: string, body: object) =>
    hub.api('/api/v1/actions', { body, headers: { 'idempotency-key': key } });

  it('returns the same action for a retry of the same request', async () => {
    const body = { cluster: 'alpha', namespace: 'team-a', action: 'suspend' };
    const first = await act('retry-same', body);
    const second = await act('retry-same', { ...body, wait: 1 });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });

  it.each([
    {
      name: 'another namespace',
      body: { cluster: 'alpha', namespace: 'team-b', action: 'suspend' },
    },
    {
      name: 'another action',
      body: { cluster: 'alpha', namespace: 'team-a', action: 'delete' },
    },
  ])('refuses the key reused for $name with 422 and runs nothing', async ({ body }) => {
    const key = `reused-${body.namespace}-${body.action}`;
    const first = await act(key, { cluster: 'alpha', namespace: 'team-a', action: 'suspend' });
    expect(first.status).toBe(200);
    const commandsBefore = agent.commands.length;
    const second = await act(key, body);
    expect(second.status).toBe(422);
    expect(second.body.error).toBe('idempotency_key_reused');
    expect(second.body.message).toContain(key);
    expect(second.body.message).toContain('new Idempotency-Key');
    expect(agent.commands.length).toBe(commandsBefore);
  });

  it('refuses the key reused for an extend with another duration', async () => {
    const body = { skuPrefix: '/tribe', duration: '1h', cluster: 'alpha' };
    const first = await hub.api('/api/v1/extend', {
      body,
      headers: { 'idempotency-key': 'extend-1' },
    });
    expect(first.status).toBe(200);
    const second = await hub.api('/api/v1/extend', {
      body: { ...body, duration: '30d' },
      headers: { 'idempotency-key': 'extend-1' },
    });
    expect(second.status).toBe(422);
    expect(second.body.error).toBe('idempotency_key_reused');
  });

  it('refuses a key reused for an extend on every cluster before extending any of them', async () => {
    const first = await hub.api('/api/v1/extend', {
      body: { skuPrefix: '/tribe', duration: '1h', cluster: 'alpha' },
      headers: { 'idempotency-key': 'extend-all' },
    });
    expect(first.status).toBe(200);
    const before = [agent.commands.length, beta.commands.length];
    const second = await hub.api('/api/v1/extend', {
      body: { skuPrefix: '/tribe', duration: '2h' },
      headers: { 'idempotency-key': 'extend-all' },
    });
    expect(second.status).toBe(422);
    // A command stored for beta alongside the refusal would reach its agent right after.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([agent.commands.length, beta.commands.length]).toEqual(before);
  });

  it('refuses an overlong key with 400 saying how long it may be', async () => {
    const response = await act('k'.repeat(201), {
      cluster: 'alpha',
      namespace: 'team-a',
      action: 'status',
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('Idempotency-Key');
    expect(response.body.message).toContain('200');
  });
});

describe('X-Request-Id', () => {
  const status = { cluster: 'alpha', namespace: 'team-a', action: 'status' };

  it('refuses an overlong request id with 400 saying how long it may be, and sends nothing', async () => {
    const before = agent.commands.length;
    const response = await hub.api('/api/v1/actions', {
      body: status,
      headers: { 'x-request-id': 'r'.repeat(129) },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('X-Request-Id');
    expect(response.body.message).toContain('128');
    expect(agent.commands.length).toBe(before);
  });

  it('refuses a request id with spaces or control characters', async () => {
    const response = await hub.api('/api/v1/actions', {
      body: status,
      headers: { 'x-request-id': 'two words' },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('visible ASCII');
  });

  it('carries a well-formed request id to the agent', async () => {
    const response = await hub.api('/api/v1/actions', {
      body: status,
      headers: { 'x-request-id': 'trace-0af7651916cd43dd8448eb211c80319c' },
    });
    expect(response.status).toBe(200);
    expect(agent.commands.at(-1)?.requestId).toBe('trace-0af7651916cd43dd8448eb211c80319c');
  });
});

describe('SKU length', () => {
  it('refuses an overlong SKU prefix with 400 saying how long it may be', async () => {
    const response = await hub.api('/api/v1/extend', {
      body: { skuPrefix: `/${'a'.repeat(300)}`, duration: '1h' },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('body.skuPrefix');
    expect(response.body.message).toContain('256');
  });
});
