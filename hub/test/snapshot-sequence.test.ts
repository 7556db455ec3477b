/**
 * An older snapshot never overwrites a newer one: within a stream the sequence must grow;
 * a new Hello (a new stream: maybe a restarted agent counting from 1 again) starts over.
 */
import { NamespaceState } from '@curfew/proto';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeAgent } from './support/fake-agent.js';
import { eventually, type RunningHub, startHub } from './support/hub-harness.js';

let redis: RedisServer;
let hub: RunningHub;
const agents: FakeAgent[] = [];
let counter = 0;

beforeAll(async () => {
  redis = await startRedisServer();
  hub = await startHub(redis.url, 'seq:');
});
afterEach(() => {
  for (const agent of agents.splice(0)) agent.close();
});
afterAll(async () => {
  await hub.stop();
  await redis.stop();
});

async function connect(clusterId: string, token: string): Promise<FakeAgent> {
  const agent = new FakeAgent({ address: hub.grpcAddress, token, clusterId });
  agents.push(agent);
  await agent.next('welcome');
  return agent;
}

/** A full snapshot of one namespace, `team-a`, with `pods` running pods. */
function snapshot(agent: FakeAgent, sequence: bigint, pods: number): void {
  agent.send({
    message: {
      case: 'snapshot',
      value: {
        full: true,
        sequence,
        namespaces: [{ name: 'team-a', state: NamespaceState.RUNNING, runningPods: pods }],
      },
    },
  });
}

/**
 * Messages of one stream are handled in order, so once an incremental snapshot with a far
 * higher sequence has added a new marker namespace, everything sent before it has been handled.
 */
async function barrier(agent: FakeAgent, clusterId: string): Promise<void> {
  const marker = `marker-${++counter}`;
  agent.send({
    message: {
      case: 'snapshot',
      value: { full: false, sequence: 1_000_000n, namespaces: [{ name: marker }] },
    },
  });
  await eventually(async () => (await hub.hub.ports.namespaces.find(marker, clusterId)).length);
}

async function pods(clusterId: string): Promise<number | undefined> {
  const [found] = await hub.hub.ports.namespaces.find('team-a', clusterId);
  return found?.summary.runningPods;
}

async function registered(): Promise<{ clusterId: string; token: string }> {
  const clusterId = `seq-${++counter}`;
  const token = (await hub.api('/api/v1/clusters', { body: { name: clusterId } })).body.token;
  return { clusterId, token };
}

describe('snapshot sequence', () => {
  it.each([
    { name: 'an older sequence on the same stream is dropped', second: 4n, pods: 1 },
    { name: 'the same sequence again is dropped', second: 5n, pods: 1 },
    { name: 'a newer sequence is applied', second: 6n, pods: 2 },
    { name: 'an unnumbered snapshot (sequence 0) is applied', second: 0n, pods: 2 },
  ])('$name', async ({ second, pods: expected }) => {
    const { clusterId, token } = await registered();
    const agent = await connect(clusterId, token);
    snapshot(agent, 5n, 1);
    snapshot(agent, second, 2);
    await barrier(agent, clusterId);
    expect(await pods(clusterId)).toBe(expected);
  });

  it('starts over on a new stream, since a restarted agent counts from 1 again', async () => {
    const { clusterId, token } = await registered();
    const before = await connect(clusterId, token);
    snapshot(before, 50n, 1);
    await barrier(before, clusterId);
    const after = await connect(clusterId, token);
    snapshot(after, 1n, 3);
    snapshot(after, 1n, 4);
    await barrier(after, clusterId);
    expect(await pods(clusterId)).toBe(3);
    const metrics = await (await fetch(`${hub.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/curfew_hub_snapshots_total\{result="stale"\} [1-9]/);
  });
});
