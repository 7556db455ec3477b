/**
 * Per-cluster prices (hub defaults, set on register, changed with PATCH) and the savings
 * report built from the suspended periods agents' snapshots reveal.
 */
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { NamespaceState } from '@curfew/proto';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAgent } from './support/fake-agent.js';
import { eventually, type RunningHub, startHub } from './support/hub-harness.js';

const H = 3_600_000;
const GIB = 2 ** 30;

let redis: RedisServer;
let hub: RunningHub;
const agents: FakeAgent[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  hub = await startHub(redis.url, 'cost:', { COST_VCPU_HOUR: '0.05', COST_GIB_HOUR: '0.01' });
});
afterAll(async () => {
  for (const agent of agents) agent.close();
  await hub.stop();
  await redis.stop();
});

describe('cluster prices', () => {
  it('uses the hub defaults, takes prices on register and changes them with PATCH', async () => {
    await hub.api('/api/v1/clusters', { body: { name: 'plain' } });
    expect((await hub.api('/api/v1/clusters/plain')).body).toMatchObject({
      prices: { vcpuHour: 0.05, gibHour: 0.01 },
      priceOverrides: {},
    });

    await hub.api('/api/v1/clusters', { body: { name: 'priced', prices: { vcpuHour: 0.1 } } });
    expect((await hub.api('/api/v1/clusters/priced')).body).toMatchObject({
      prices: { vcpuHour: 0.1, gibHour: 0.01 },
      priceOverrides: { vcpuHour: 0.1 },
    });

    const patched = await hub.api('/api/v1/clusters/priced', {
      method: 'PATCH',
      body: { prices: { vcpuHour: null, gibHour: 0.002 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      prices: { vcpuHour: 0.05, gibHour: 0.002 },
      priceOverrides: { gibHour: 0.002 },
    });
    expect((await hub.hub.ports.clusters.get('priced'))?.prices).toEqual({
      vcpuHour: 0.05,
      gibHour: 0.002,
    });
    const audit = await hub.hub.ports.audit.list();
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'cluster.prices', clusterId: 'priced' }),
    );
  });

  it.each([
    {
      name: 'a negative price is refused, saying what a price is',
      path: '/api/v1/clusters/plain',
      body: { prices: { vcpuHour: -1 } },
      status: 400,
      says: /body\.prices\.vcpuHour: must be 0 or more/,
    },
    {
      name: 'an unknown price name is refused',
      path: '/api/v1/clusters/plain',
      body: { prices: { euroHour: 1 } },
      status: 400,
      says: /euroHour/,
    },
    {
      name: 'an unknown cluster is 404',
      path: '/api/v1/clusters/nope',
      body: { prices: { gibHour: 1 } },
      status: 404,
      says: /no cluster "nope"/,
    },
    {
      name: 'a read-only token cannot change prices',
      path: '/api/v1/clusters/plain',
      body: { prices: { gibHour: 1 }, token: 'test-read-token-0123456789' },
      status: 403,
      says: /read-only/,
    },
  ])('$name', async ({ path, body, status, says }) => {
    const { token, ...payload } = body as typeof body & { token?: string };
    const reply = await hub.api(path, {
      method: 'PATCH',
      body: payload,
      ...(token ? { token } : {}),
    });
    expect(reply.status).toBe(status);
    expect(reply.body.message).toMatch(says);
  });
});

describe('savings report', () => {
  it('prices suspended hours with the requests a namespace had while running, and the cloud resources Curfew stopped with it', async () => {
    const token = (
      await hub.api('/api/v1/clusters', {
        body: { name: 'saver', prices: { vcpuHour: 0.1, gibHour: 0.02 } },
      })
    ).body.token;
    const agent = new FakeAgent({ address: hub.grpcAddress, token, clusterId: 'saver' });
    agents.push(agent);
    await agent.next('welcome');

    const requested = { cpuMillis: 2_000n, memoryBytes: BigInt(4 * GIB) }; // $0.28 an hour
    const suspendedAt = Date.now() - 3 * H;
    agent.send({
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: 1n,
          namespaces: [
            { name: 'web', state: NamespaceState.RUNNING, requested },
            {
              name: 'fresh',
              state: NamespaceState.SUSPENDED,
              suspendedAt: timestampFromMs(suspendedAt),
              // Its database was stopped with it ($0.50 an hour); a person's stopped jump host
              // is not Curfew's saving.
              cloudResources: [
                {
                  kind: 'rds',
                  region: 'eu-west-1',
                  id: 'db',
                  state: 'stopped',
                  stoppedByCurfew: true,
                  dollarsPerHour: 0.5,
                },
                {
                  kind: 'ec2',
                  region: 'eu-west-1',
                  id: 'i-1',
                  state: 'stopped',
                  stoppedByCurfew: false,
                  dollarsPerHour: 0.04,
                },
              ],
            },
          ],
        },
      },
    });
    agent.send({
      message: {
        case: 'snapshot',
        value: {
          sequence: 2n,
          namespaces: [
            {
              name: 'web',
              state: NamespaceState.SUSPENDED,
              suspendedAt: timestampFromMs(suspendedAt),
            },
          ],
        },
      },
    });
    // Both 'from' and 'to' lie in the past, so the (still open) periods give exact hours.
    const window = `from=${new Date(suspendedAt - H).toISOString()}&to=${new Date(suspendedAt + 2 * H).toISOString()}`;
    const report = await eventually(async () => {
      const { body } = await hub.api(`/api/v1/reports/savings?${window}`, {
        token: 'test-read-token-0123456789',
      });
      return body.namespaces?.length === 2 ? body : null;
    });
    expect(report).toMatchObject({ currency: 'USD', suspendedHours: 4 });
    expect(report.estimatedSavings).toBeCloseTo(0.56 + 1, 9);
    expect(report.cloudSavings).toBeCloseTo(1, 9);
    expect(report.namespaces).toEqual([
      {
        cluster: 'saver',
        namespace: 'fresh',
        suspendedHours: 2,
        estimatedSavings: expect.closeTo(1, 9),
        cloudSavings: expect.closeTo(1, 9),
        priced: false,
      },
      {
        cluster: 'saver',
        namespace: 'web',
        suspendedHours: 2,
        estimatedSavings: expect.closeTo(0.56, 9),
        cloudSavings: 0,
        priced: true,
      },
    ]);
    expect(report.method).toMatch(/Estimate/);
    // The admin API lists the namespace's cloud resources with their state and price.
    const listed = await hub.api('/api/v1/namespaces?cluster=saver', {
      token: 'test-read-token-0123456789',
    });
    const fresh = listed.body.namespaces.find((n: { name: string }) => n.name === 'fresh');
    expect(fresh.cloudResources).toEqual([
      {
        kind: 'rds',
        region: 'eu-west-1',
        id: 'db',
        state: 'stopped',
        stoppedByCurfew: true,
        dollarsPerHour: 0.5,
      },
      { kind: 'ec2', region: 'eu-west-1', id: 'i-1', state: 'stopped', dollarsPerHour: 0.04 },
    ]);

    // Resumed: the period closes and keeps counting the same hours in that window.
    agent.send({
      message: {
        case: 'snapshot',
        value: {
          sequence: 3n,
          namespaces: [{ name: 'web', state: NamespaceState.RUNNING, requested }],
        },
      },
    });
    await eventually(async () => {
      const [found] = await hub.hub.ports.namespaces.find('web', 'saver');
      return found?.summary.state === NamespaceState.RUNNING;
    });
    const again = await hub.api(`/api/v1/reports/savings?${window}`);
    expect(again.body.estimatedSavings).toBeCloseTo(0.56 + 1, 9);
    // A closed period stops growing: two reports up to tomorrow agree exactly.
    const untilTomorrow = `from=${new Date(suspendedAt - H).toISOString()}&to=${new Date(Date.now() + 24 * H).toISOString()}`;
    const webHours = async () =>
      (await hub.api(`/api/v1/reports/savings?${untilTomorrow}`)).body.namespaces.find(
        (n: { namespace: string }) => n.namespace === 'web',
      ).suspendedHours as number;
    const first = await webHours();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await webHours()).toBe(first);
    // Suspended three hours before the resume (hours come to a hundredth).
    expect(first).toBeGreaterThanOrEqual(3);
    expect(first).toBeLessThan(3.1);

    // A third of an hour: the figures come rounded, dollars to the cent and hours to a
    // hundredth; the totals are the exact sums, rounded.
    const third = `from=${new Date(suspendedAt).toISOString()}&to=${new Date(suspendedAt + H / 3).toISOString()}`;
    const short = (await hub.api(`/api/v1/reports/savings?${third}`)).body;
    expect(
      short.namespaces.map((n: Record<string, unknown>) => [
        n.namespace,
        n.suspendedHours,
        n.estimatedSavings,
        n.cloudSavings,
      ]),
    ).toEqual([
      ['fresh', 0.33, 0.17, 0.17],
      ['web', 0.33, 0.09, 0],
    ]);
    expect(short).toMatchObject({
      suspendedHours: 0.67,
      estimatedSavings: 0.26,
      cloudSavings: 0.17,
    });
  });

  it('is described in the OpenAPI document, as is the price PATCH', async () => {
    const doc = (await hub.api('/openapi.json')).body;
    expect(doc.paths['/api/v1/reports/savings'].get.operationId).toBe('savingsReport');
    expect(doc.paths['/api/v1/clusters/{id}'].patch.operationId).toBe('updateCluster');
  });

  it('refuses a window that ends before it starts', async () => {
    const reply = await hub.api(
      '/api/v1/reports/savings?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/from must be before/);
  });
});
