/**
 * Time bombs end to end: kube-sim calls the agent's real admission server (HTTPS, AdmissionReview
 * v1, configured by buildWebhookConfigurations), people act through the real kubectl binary,
 * and a real Agent on a ManualClock (shared with kube-sim and the webhooks) warns, expires and
 * extends, talking to a loopback hub.
 */
import { ANNOTATIONS, EXPIRED_AT_ANNOTATION } from '@curfew/core';
import { Action, CommandStatus, NotificationKind } from '@curfew/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../src/agent.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import type { KubeSimDriver } from './support/kube-sim-driver.js';
import { eventually, type TestHub } from './support/test-hub.js';
import {
  advancing,
  timeBombDeployment as deployment,
  type KubectlResult,
  startWebhookCluster,
  type WebhookCluster,
} from './support/webhook-cluster.js';

const MINUTE = 60_000;
/** Monday 10:00 UTC: inside the default uptime, so no schedule suspend interferes. */
const clock = new ManualClock(at('10:00'));
const cleanups: (() => Promise<unknown>)[] = [];
let cluster: WebhookCluster;
let driver: KubeSimDriver;
let hub: TestHub;
let agent: Agent;

const kubectl = (args: string, input?: string): Promise<KubectlResult> =>
  cluster.kubectl(args, input);
// biome-ignore lint/suspicious/noExplicitAny: kubectl's JSON, read field by field in the tests.
const get = (args: string) => cluster.get(args) as Promise<any>;

function pod(name: string, annotations: Record<string, string>) {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'dev', annotations },
    spec: { containers: [{ name: 'c', image: 'registry.example/job:1' }] },
  });
}

const advance = advancing(clock, () => agent);

const seconds = (ms: number) => Math.floor(ms / 1000);

function notificationsOf(kind: NotificationKind) {
  return hub.notifications().filter((n) => n.kind === kind);
}

beforeAll(async () => {
  cluster = await startWebhookCluster(clock);
  cleanups.push(() => cluster.stop());
  driver = cluster.driver;
  await cluster.install();
  for (const ns of ['dev', 'qa']) {
    await driver.addNamespace(
      ns,
      { 'curfew.dev/managed': 'true' },
      { [ANNOTATIONS.owner]: 'o@x.io' },
    );
  }
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

describe('time bombs in a cluster whose API server calls the webhooks', () => {
  const stampedAt = clock.now();
  const webUntil = seconds(stampedAt) + 60;

  it('applying a Deployment with a 1m timer stamps its pod template, and the agent arms one timer for that instant', async () => {
    const applied = await kubectl('apply -f -', deployment('web', 'dev', '1m', '/tribe/squad/web'));
    expect(applied.stderr).toBe('');
    const dep = await get('deployment web -n dev');
    expect(dep.spec.template.metadata.annotations[ANNOTATIONS.validUntil]).toBe(String(webUntil));
    await eventually(() => agent.reconciler.nextCheckOf('dev') === webUntil * 1000);
  });

  it('a warning arrives before expiry: only the latest overdue offset, with the workload, its SKU and validity', async () => {
    const warning = await eventually(() => notificationsOf(NotificationKind.EXPIRY_WARNING)[0]);
    expect(warning).toMatchObject({ namespace: 'dev', owner: 'o@x.io', minutesBefore: 15 });
    expect(
      warning.workloads.map((w) => [w.kind, w.name, w.sku, Number(w.validUntil?.seconds)]),
    ).toEqual([['Deployment', 'web', '/tribe/squad/web', webUntil]]);
    const dep = await get('deployment web -n dev');
    expect(dep.metadata.annotations[ANNOTATIONS.expiryWarned]).toMatch(/^15@/);
  });

  it('a 2h timer is warned at 60 and then 15 minutes before expiry, each once', async () => {
    const applied = await kubectl(
      'apply -f -',
      deployment('api', 'dev', '2h', '/tribe/squad/api', 1),
    );
    expect(applied.stderr).toBe('');
    await eventually(() => agent.reconciler.nextCheckOf('dev') === webUntil * 1000);
    const apiWarnings = () =>
      notificationsOf(NotificationKind.EXPIRY_WARNING).filter((n) =>
        n.workloads.some((w) => w.name === 'api'),
      );
    expect(apiWarnings()).toEqual([]);
    // Through web's expiry (1m) to 60 minutes before api's (at +2h).
    await advance(60 * MINUTE);
    await eventually(() => apiWarnings().length === 1);
    await advance(44 * MINUTE);
    expect(apiWarnings().map((n) => n.minutesBefore)).toEqual([60]);
    await advance(1 * MINUTE);
    await eventually(() => apiWarnings().length === 2);
    expect(apiWarnings().map((n) => n.minutesBefore)).toEqual([60, 15]);
  });

  it('after expiry the agent scaled the Deployment to 0, recording its replicas and the expiry, with an Event and an EXPIRED notification', async () => {
    const dep = await eventually(async () => {
      const d = await get('deployment web -n dev');
      return d?.spec.replicas === 0 ? d : undefined;
    });
    expect(dep.metadata.annotations).toMatchObject({
      [ANNOTATIONS.previousReplicas]: '2',
      [EXPIRED_AT_ANNOTATION]: `${new Date(webUntil * 1000).toISOString().slice(0, 19)}Z`,
    });
    const expired = await eventually(() => notificationsOf(NotificationKind.EXPIRED)[0]);
    expect(expired.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/web']);
    expect(await driver.eventReasons('dev')).toContain('CurfewExpired');
  });

  it('creating a Pod whose validity has passed is refused with how to extend it', async () => {
    const stale = pod('stale', {
      [ANNOTATIONS.validUntil]: String(seconds(clock.now()) - 60),
      [ANNOTATIONS.sku]: '/tribe/squad/job',
    });
    const r = await kubectl('create -f -', stale);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Pod dev/stale expired at');
    expect(r.stderr).toContain('`/devenv extend /tribe/squad/job 1h`');
  });

  it('a bare Pod is deleted when its timer runs out', async () => {
    const created = await kubectl(
      'create -f -',
      pod('oneoff', { [ANNOTATIONS.timer]: '5m', [ANNOTATIONS.sku]: '/tribe/squad/job' }),
    );
    expect(created.stderr).toBe('');
    await eventually(async () => (await get('pod oneoff -n dev')) !== undefined);
    await advance(4 * MINUTE);
    expect(await get('pod oneoff -n dev')).toBeDefined();
    await advance(1 * MINUTE);
    await eventually(async () => (await get('pod oneoff -n dev')) === undefined);
    const expired = notificationsOf(NotificationKind.EXPIRED).flatMap((n) => n.workloads);
    expect(expired.map((w) => `${w.kind}/${w.name}`)).toContain('Pod/oneoff');
    // web's Pods carried the same expired validity, but they belong to its ReplicaSet.
    const deletes = driver.sim.requestLog.entries.filter(
      (e) => e.resource === 'pods' && e.verb === 'delete',
    );
    expect(deletes.map((e) => e.name)).toEqual(['oneoff']);
  });

  it('EXTEND by SKU brings the expired Deployment back to its replicas, extends the other, reports the matches and leaves other namespaces alone', async () => {
    const other = await kubectl('apply -f -', deployment('web', 'qa', '3h', '/tribe/squad/web', 1));
    expect(other.stderr).toBe('');
    const qaBefore = (await get('deployment web -n qa')).spec.template.metadata.annotations;
    const command = hub.command({
      id: 'extend-1',
      action: Action.EXTEND,
      target: {
        case: 'sku',
        value: { clusterId: 'test-cluster', skuPrefix: '/tribe/squad', namespace: 'dev' },
      },
      duration: { seconds: 3600n },
      requestedBy: 'U123',
    });
    const result = await eventually(() => hub.results().find((r) => r.commandId === command.id));
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    expect(result.message).toMatch(
      /^2 workloads in 1 namespace under \/tribe\/squad extended by 1h; 1 that had expired resumed/,
    );
    const until = seconds(clock.now()) + 3600;
    expect(
      result.matched.map((w) => [w.namespace, w.name, w.sku, Number(w.validUntil?.seconds)]).sort(),
    ).toEqual([
      ['dev', 'api', '/tribe/squad/api', until],
      ['dev', 'web', '/tribe/squad/web', until],
    ]);
    const web = await get('deployment web -n dev');
    expect(web.spec.replicas).toBe(2);
    expect(web.metadata.annotations[ANNOTATIONS.previousReplicas]).toBeUndefined();
    expect(web.metadata.annotations[EXPIRED_AT_ANNOTATION]).toBeUndefined();
    // The user's timer stays as written: only the validity moves, and the mutating webhook,
    // seeing the same timer, does not re-stamp it.
    expect(web.spec.template.metadata.annotations).toMatchObject({
      [ANNOTATIONS.timer]: '1m',
      [ANNOTATIONS.validUntil]: String(until),
    });
    expect((await get('deployment web -n qa')).spec.template.metadata.annotations).toEqual(
      qaBefore,
    );
    expect(await driver.eventReasons('dev')).toContain('CurfewExtended');
    // The new validity re-arms the one timer: web's 60-minute warning is due right away.
    await eventually(() => agent.reconciler.nextCheckOf('dev') === until * 1000 - 15 * MINUTE);
  });

  it('EXTEND of a bare Pod moves its validity through both webhooks, and it outlives its old timer', async () => {
    const created = await kubectl(
      'create -f -',
      pod('shell', { [ANNOTATIONS.timer]: '30m', [ANNOTATIONS.sku]: '/tribe/ops/shell' }),
    );
    expect(created.stderr).toBe('');
    const oldUntil = seconds(clock.now()) + 30 * 60;
    expect((await get('pod shell -n dev')).metadata.annotations[ANNOTATIONS.validUntil]).toBe(
      String(oldUntil),
    );
    await eventually(() => agent.cache.pods('dev').some((p) => p.meta.name === 'shell'));
    const command = hub.command({
      id: 'extend-pod',
      action: Action.EXTEND,
      target: { case: 'sku', value: { clusterId: 'test-cluster', skuPrefix: '/tribe/ops' } },
      duration: { seconds: 7200n },
      requestedBy: 'U123',
    });
    const result = await eventually(() => hub.results().find((r) => r.commandId === command.id));
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    expect(result.message).toBe('1 workload in 1 namespace under /tribe/ops extended by 2h.');
    const until = seconds(clock.now()) + 7200;
    expect(result.matched.map((w) => [w.kind, w.name, Number(w.validUntil?.seconds)])).toEqual([
      ['Pod', 'shell', until],
    ]);
    const patched = await get('pod shell -n dev');
    expect(patched.metadata.annotations).toMatchObject({
      [ANNOTATIONS.timer]: '30m',
      [ANNOTATIONS.validUntil]: String(until),
      [ANNOTATIONS.validUntilHuman]: `${new Date(until * 1000).toISOString().slice(0, 19)}Z`,
    });
    const patches = driver.sim.requestLog.entries.filter(
      (e) => e.resource === 'pods' && e.verb === 'patch',
    );
    expect(patches.map((e) => e.name)).toEqual(['shell']);
    await advance(31 * MINUTE);
    expect(await get('pod shell -n dev')).toBeDefined();
    await advance(90 * MINUTE);
    await eventually(async () => (await get('pod shell -n dev')) === undefined);
  });

  it('EXTEND with a bad SKU is rejected with how to write one', async () => {
    const command = hub.command({
      id: 'extend-2',
      action: Action.EXTEND,
      target: { case: 'sku', value: { skuPrefix: 'tribe' } },
      duration: { seconds: 3600n },
    });
    const result = await eventually(() => hub.results().find((r) => r.commandId === command.id));
    expect(result.status).toBe(CommandStatus.REJECTED);
    expect(result.message).toContain("does not start with '/'");
    expect(result.message).toContain('Write a path like /tribe/squad/app');
  });
});
