/**
 * `kubectl scale` of an expired workload, on kube-sim calling the agent's real webhooks, with the
 * real kubectl binary and a real Agent on a ManualClock (issue 20: found on a kube-apiserver
 * v1.24 whose webhook rules did not cover the `scale` subresource).
 */
import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { AGENT_WEBHOOKS, type AgentWebhooks } from '@curfew/contracts';
import { ANNOTATIONS, EXPIRED_AT_ANNOTATION } from '@curfew/core';
import { Action, CommandStatus, NotificationKind } from '@curfew/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaleTargetFromCache } from '../src/admission/index.js';
import type { Agent } from '../src/agent.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import { eventually, type TestHub } from './support/test-hub.js';
import {
  advancing,
  startWebhookCluster,
  timeBombDeployment,
  type WebhookCluster,
} from './support/webhook-cluster.js';

const MINUTE = 60_000;
const clock = new ManualClock(at('10:00'));
const cleanups: (() => Promise<unknown>)[] = [];
let cluster: WebhookCluster;
let hub: TestHub;
let agent: Agent;

/** The webhook rules a cluster installed before the `scale` rule existed. */
const withoutScaleRule: AgentWebhooks = {
  ...structuredClone(AGENT_WEBHOOKS),
  validating: {
    ...structuredClone(AGENT_WEBHOOKS.validating),
    rules: AGENT_WEBHOOKS.validating.rules
      .filter((r) => !r.resources.some((res) => res.endsWith('/scale')))
      .map((r) => structuredClone(r)),
  },
};

const advance = advancing(clock, () => agent);

async function workload(kind: 'deployment' | 'statefulset', name: string) {
  const w = (await cluster.get(`${kind} ${name} -n dev`)) as {
    spec: { replicas: number };
    metadata: { annotations?: Record<string, string> };
  };
  return { replicas: w.spec.replicas, annotations: w.metadata.annotations ?? {} };
}

beforeAll(async () => {
  // The webhook reads the scaled workload from the agent's informer cache, as in production.
  let lookup: ReturnType<typeof scaleTargetFromCache> = () => undefined;
  cluster = await startWebhookCluster(clock, { scaleTarget: (...a) => lookup(...a) });
  cleanups.push(() => cluster.stop());
  await cluster.install();
  await cluster.driver.addNamespace(
    'dev',
    { 'curfew.dev/managed': 'true' },
    { [ANNOTATIONS.owner]: 'o@x.io', [ANNOTATIONS.uptime]: 'always' },
  );
  const started = await startHub();
  hub = started.hub;
  cleanups.push(() => hub.stop());
  agent = makeAgent(cluster.driver.connect(), started.address, clock);
  lookup = scaleTargetFromCache(agent.cache);
  cleanups.push(() => agent.stop());
  await agent.start();
  await agent.link.whenConnected();
  for (const [name, kind] of [
    ['web', 'Deployment'],
    ['api', 'Deployment'],
    ['db', 'StatefulSet'],
  ] as const) {
    const applied = await cluster.kubectl(
      'apply -f -',
      timeBombDeployment(name, 'dev', '1m', `/t/s/${name}`, 2, kind),
    );
    expect(applied.stderr).toBe('');
  }
  await eventually(() => agent.cache.workloads('dev').length === 3);
  // The time bombs go off: each scaled to 0, its 2 replicas recorded.
  await advance(MINUTE);
  await eventually(async () => (await workload('deployment', 'web')).replicas === 0);
  for (const [kind, name] of [
    ['deployment', 'web'],
    ['deployment', 'api'],
    ['statefulset', 'db'],
  ] as const) {
    expect(await workload(kind, name)).toMatchObject({
      replicas: 0,
      annotations: {
        [ANNOTATIONS.previousReplicas]: '2',
        [EXPIRED_AT_ANNOTATION]: expect.any(String),
      },
    });
  }
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('kubectl scale of an expired workload', () => {
  it('is refused by the validating webhook with the same "how to extend" message as changing its replicas', async () => {
    const scaled = await cluster.kubectl('scale deployment/api --replicas=1 -n dev');
    expect(scaled.code).not.toBe(0);
    const patched = await cluster.kubectl(
      `patch deployment/api -n dev --type=merge -p '{"spec":{"replicas":1}}'`,
    );
    expect(patched.code).not.toBe(0);
    const reason = (stderr: string) => stderr.slice(stderr.indexOf('admission webhook'));
    expect(reason(scaled.stderr)).toBe(reason(patched.stderr));
    expect(scaled.stderr).toContain(
      'admission webhook "time-bombs.validate.curfew.dev" denied the request: Deployment dev/api expired at',
    );
    expect(scaled.stderr).toContain('in Slack run `/devenv extend /t/s/api 1h`');
    expect(scaled.stderr).toContain('`kubectl patch deployment/api -n dev --type=merge -p');
    expect((await workload('deployment', 'api')).replicas).toBe(0);
  });

  it('is refused for a StatefulSet too', async () => {
    const scaled = await cluster.kubectl('scale statefulset/db --replicas=3 -n dev');
    expect(scaled.code).not.toBe(0);
    expect(scaled.stderr).toContain('StatefulSet dev/db expired at');
    expect((await workload('statefulset', 'db')).replicas).toBe(0);
  });

  it('scaling down or to the same count still passes (only running more is refused)', async () => {
    const scaled = await cluster.kubectl('scale deployment/api --replicas=0 -n dev');
    expect(scaled.stderr).toBe('');
    expect(scaled.code).toBe(0);
  });

  it('on a cluster whose rules missed the scale subresource, a hand scale-up passes; the agent scales it back keeping previous-replicas 2, reports it, and EXTEND brings back 2', async () => {
    await cluster.install(withoutScaleRule);
    const scaled = await cluster.kubectl('scale deployment/web --replicas=1 -n dev');
    expect(scaled.code).toBe(0);
    await eventually(async () => {
      const web = await workload('deployment', 'web');
      return web.replicas === 0 && web;
    });
    await advance(0);
    expect(await workload('deployment', 'web')).toMatchObject({
      replicas: 0,
      annotations: { [ANNOTATIONS.previousReplicas]: '2' },
    });
    const again = await eventually(() =>
      hub
        .delivered()
        .find((n) => n.kind === NotificationKind.EXPIRED && n.text.includes('scaled up by hand')),
    );
    expect(again.text).toContain('its 2 recorded replicas return when it is extended');
    const reasons = await cluster.driver.eventReasons('dev');
    expect(reasons.filter((r) => r === 'CurfewExpired').length).toBeGreaterThan(3);
    hub.command({
      id: 'extend-web',
      action: Action.EXTEND,
      target: { case: 'sku', value: { skuPrefix: '/t/s/web', namespace: 'dev' } },
      duration: durationFromMs(60 * MINUTE),
      requestedBy: 'U1',
    });
    const result = await eventually(() =>
      hub
        .results()
        .find((r) => r.commandId === 'extend-web' && r.status !== CommandStatus.ACCEPTED),
    );
    expect(result.status).toBe(CommandStatus.SUCCEEDED);
    await eventually(async () => (await workload('deployment', 'web')).replicas === 2);
    await cluster.install();
  });
});
