/**
 * Support pods end to end: a real Agent on a ManualClock (shared with kube-sim) creates,
 * re-answers, deletes and expires `support-<name>` Pods in its own namespace over HTTP,
 * driven by SUPPORT_START / SUPPORT_STOP commands from a loopback hub.
 */
import { ANNOTATIONS } from '@curfew/core';
import { Action, CommandStatus } from '@curfew/proto';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../src/agent.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import { KubeSimDriver } from './support/kube-sim-driver.js';
import { eventually, type TestHub } from './support/test-hub.js';

const AGENT_NAMESPACE = 'curfew-system';
const HOUR = 60 * 60_000;
const clock = new ManualClock(at('10:00'));
const cleanups: (() => Promise<unknown>)[] = [];
let driver: KubeSimDriver;
let core: CoreV1Api;
let hub: TestHub;
let agent: Agent;

const seconds = (ms: number) => Math.floor(ms / 1000);

async function pod(name: string): Promise<V1Pod | undefined> {
  return core.readNamespacedPod({ name, namespace: AGENT_NAMESPACE }).catch(() => undefined);
}

function send(id: string, action: Action, name: string, size = '') {
  const command = hub.command({
    id,
    action,
    target: { case: 'clusterId', value: 'test-cluster' },
    supportName: name,
    supportSize: size,
    requestedBy: 'U123',
  });
  return eventually(() => hub.results().find((r) => r.commandId === command.id));
}

const start = (id: string, name: string, size: string) =>
  send(id, Action.SUPPORT_START, name, size);
const stop = (id: string, name: string) => send(id, Action.SUPPORT_STOP, name);

function podCreates() {
  return driver.sim.requestLog.entries.filter((e) => e.resource === 'pods' && e.verb === 'create');
}

beforeAll(async () => {
  driver = await KubeSimDriver.start({ now: () => clock.now() });
  cleanups.push(() => driver.stop());
  core = driver.kubeConfig.makeApiClient(CoreV1Api);
  await driver.addNamespace(AGENT_NAMESPACE);
  const started = await startHub();
  hub = started.hub;
  cleanups.push(() => hub.stop());
  agent = makeAgent(driver.connect(), started.address, clock);
  cleanups.push(() => agent.stop());
  await agent.start();
  await agent.link.whenConnected();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('support pods in the agent namespace', () => {
  const startedAt = clock.now();
  const until = seconds(startedAt) + 8 * 3600;

  it('support start creates support-<name> with the size preset, a non-root security context and an 8h validity', async () => {
    const result = await start('start-1', 'manage1', 'XL');
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    expect(result.message).toContain('Support pod support-manage1 (XL) started in curfew-system');
    const created = await pod('support-manage1');
    expect(created?.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'curfew',
      'curfew.dev/support': 'manage1',
    });
    expect(created?.metadata?.annotations).toMatchObject({
      'curfew.dev/requested-by': 'U123',
      [ANNOTATIONS.timer]: '8h',
      [ANNOTATIONS.validUntil]: String(until),
    });
    const container = created?.spec?.containers[0];
    expect(container?.image).toBe('busybox:1.37');
    expect(container?.command).toEqual(['sleep', 'infinity']);
    expect(container?.resources?.requests).toEqual({ cpu: '2', memory: '4Gi' });
    expect(container?.resources?.limits).toEqual({ cpu: '4', memory: '8Gi' });
    expect(created?.spec?.securityContext?.runAsNonRoot).toBe(true);
    expect(container?.securityContext?.allowPrivilegeEscalation).toBe(false);
  });

  it('a second start of the same name answers with the running pod and its expiry, creating nothing', async () => {
    const before = podCreates().length;
    const result = await start('start-2', 'manage1', 'S');
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    expect(result.message).toContain('support-manage1 (XL, started by U123) already runs');
    expect(result.message).toContain(`until ${new Date(until * 1000).toISOString().slice(0, 19)}Z`);
    expect(podCreates().length).toBe(before);
  });

  it('a repeated command id gets the first answer without touching the cluster again', async () => {
    const before = driver.sim.requestLog.entries.length;
    const first = hub.results().find((r) => r.commandId === 'start-1');
    hub.command({
      id: 'start-1',
      action: Action.SUPPORT_START,
      target: { case: 'clusterId', value: 'test-cluster' },
      supportName: 'manage1',
      supportSize: 'XL',
    });
    await eventually(() => hub.results().filter((r) => r.commandId === 'start-1').length === 2);
    const repeats = hub.results().filter((r) => r.commandId === 'start-1');
    expect(repeats[1]?.message).toBe(first?.message);
    const podRequests = driver.sim.requestLog.entries
      .slice(before)
      .filter((e) => e.resource === 'pods' && e.verb !== 'watch' && e.verb !== 'list');
    expect(podRequests).toEqual([]);
  });

  it.each([
    {
      name: 'a name that is not DNS-1123 is rejected with what to use',
      id: 'bad-1',
      support: 'Manage_1',
      size: 'M',
      message: 'upper-case',
    },
    {
      name: 'an unknown size is rejected listing the sizes',
      id: 'bad-2',
      support: 'manage2',
      size: 'XXL',
      message: 'Use one of XS, S, M, L, XL.',
    },
  ])('$name', async ({ id, support, size, message }) => {
    const result = await start(id, support, size);
    expect(result.status).toBe(CommandStatus.REJECTED);
    expect(result.message).toContain(message);
  });

  it('a support command for another cluster is rejected', async () => {
    const command = hub.command({
      id: 'other-cluster',
      action: Action.SUPPORT_STOP,
      target: { case: 'clusterId', value: 'elsewhere' },
      supportName: 'manage1',
    });
    const result = await eventually(() => hub.results().find((r) => r.commandId === command.id));
    expect(result.status).toBe(CommandStatus.REJECTED);
    expect(result.message).toBe('this agent serves cluster test-cluster, not elsewhere');
  });

  it('support stop deletes the pod; a second stop has nothing to stop', async () => {
    const result = await stop('stop-1', 'manage1');
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    expect(result.message).toBe('Support pod support-manage1 is being deleted.');
    await eventually(async () => (await pod('support-manage1')) === undefined);
    const again = await stop('stop-2', 'manage1');
    expect(again.status).toBe(CommandStatus.SUCCEEDED);
    expect(again.message).toBe('Support pod support-manage1 does not exist: nothing to stop.');
  });

  it('a support pod is deleted by the expiry once its timer runs out, and no other pod in the agent namespace is', async () => {
    await core.createNamespacedPod({
      namespace: AGENT_NAMESPACE,
      body: {
        metadata: {
          name: 'bystander',
          annotations: { [ANNOTATIONS.validUntil]: String(seconds(clock.now()) + 60) },
        },
        spec: { containers: [{ name: 'c', image: 'registry.example/tool:1' }] },
      },
    });
    const result = await start('start-3', 'manage3', 'XS');
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    const expiresAt = Number(
      (await pod('support-manage3'))?.metadata?.annotations?.[ANNOTATIONS.validUntil],
    );
    expect(expiresAt).toBe(seconds(clock.now()) + 8 * 3600);
    await eventually(() => agent.reconciler.nextCheckOf(AGENT_NAMESPACE) === expiresAt * 1000);
    await advance(8 * HOUR - 60_000);
    expect(await pod('support-manage3')).toBeDefined();
    await advance(60_000);
    await eventually(async () => (await pod('support-manage3')) === undefined);
    // The agent namespace is a system namespace: only the agent's own support pods expire.
    expect(await pod('bystander')).toBeDefined();
  });
});

async function advance(ms: number) {
  await clock.advance(ms, async () => {
    await new Promise((r) => setTimeout(r, 20));
    await agent.reconciler.idle();
  });
}
