/**
 * Support pods on the in-memory cluster, for what kube-sim cannot stage on cue: a start that
 * loses a create race, and a start that finds its Pod expired but not yet deleted.
 */
import { ANNOTATIONS } from '@curfew/core';
import { Action, CommandStatus } from '@curfew/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeError } from '../src/kube/errors.js';
import type { KubeApi, PodManifest } from '../src/kube/types.js';
import { FakeCluster } from './support/fake-cluster.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import { eventually, type TestHub } from './support/test-hub.js';

const AGENT_NAMESPACE = 'curfew-system';
const START = at('10:00');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function run(kube: KubeApi): Promise<TestHub> {
  const { hub, address } = await startHub();
  cleanups.push(() => hub.stop());
  const agent = makeAgent(kube, address, new ManualClock(START));
  cleanups.push(() => agent.stop());
  await agent.start();
  await agent.link.whenConnected();
  await agent.reconciler.idle();
  return hub;
}

function start(hub: TestHub, id: string, name: string) {
  hub.command({
    id,
    action: Action.SUPPORT_START,
    target: { case: 'clusterId', value: 'test-cluster' },
    supportName: name,
    supportSize: 'M',
    requestedBy: 'U9',
  });
  return eventually(() => hub.results().find((r) => r.commandId === id));
}

describe('support pod starts at the edges', () => {
  it('a start whose create loses the race to another start answers with the pod that won', async () => {
    const cluster = new FakeCluster();
    cluster.addNamespace(AGENT_NAMESPACE);
    const inner = cluster.connect();
    // Another agent (or a retried request) creates the Pod between our read and our create.
    const kube = new Proxy(inner, {
      get(target, property, receiver) {
        if (property !== 'createPod') return Reflect.get(target, property, receiver);
        return async (manifest: PodManifest) => {
          const { namespace, name, annotations } = manifest.metadata;
          cluster.addPod(namespace, name, { ...(annotations as Record<string, string>) });
          throw new KubeError(`pods "${name}" already exists`, 409, 'AlreadyExists');
        };
      },
    });
    const hub = await run(kube);
    const result = await start(hub, 'race', 'manage1');
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    expect(result.message).toMatch(
      /^Support pod support-manage1 \(M, started by U9\) already runs in curfew-system until /,
    );
  });

  it('a start that finds its pod expired but not yet deleted deletes it and asks to start again', async () => {
    const cluster = new FakeCluster();
    cluster.addNamespace(AGENT_NAMESPACE);
    cluster.addPod(AGENT_NAMESPACE, 'support-old', {
      'curfew.dev/requested-by': 'U1',
      [ANNOTATIONS.validUntil]: String(START / 1000 - 60),
    });
    const kube = cluster.connect();
    // The expiry's own delete fails (and would be retried in 30 s): the start comes first.
    kube.failNext('deletePod', 403);
    const hub = await run(kube);
    expect(cluster.pods.has(`${AGENT_NAMESPACE}/Pod/support-old`)).toBe(true);
    const result = await start(hub, 'old', 'old');
    expect(result.status).toBe(CommandStatus.FAILED);
    expect(result.message).toBe(
      `Support pod support-old expired at ${new Date(START - 60_000).toISOString().slice(0, 19)}Z and is being deleted; start it again in a minute.`,
    );
    expect(cluster.pods.has(`${AGENT_NAMESPACE}/Pod/support-old`)).toBe(false);
  });
});
