/**
 * What goes wrong in production, end to end: the hub replica holding a cluster's stream
 * dies in the middle of a command, and an agent goes offline while its owner asks for
 * something. Commands are Slack requests to a replica; effects are checked in the clusters,
 * in Slack and in the audit log.
 */
import type { KubeSim } from '@curfew/kube-sim';
import { isRunning } from '@curfew/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUptime } from '../../scripts/demo/seed.js';
import { ANA, deployment, fixtureFor, ns, statefulSet } from './support/fixtures.js';
import {
  dms,
  eventually,
  namespaceAnnotations,
  RT,
  replicas,
  startWorld,
  textOf,
  type World,
} from './support/world.js';

/** Short, so "kept, then expired" happens within the test. */
const COMMAND_TTL_MS = 10_000;
let w: World;

beforeAll(async () => {
  w = await startWorld({
    fixtures: {
      'dev-eu': fixtureFor([
        ns('team-k', ANA, [
          deployment('web', 2),
          deployment('api', 1),
          deployment('worker', 1),
          statefulSet('db', 1),
        ]),
      ]),
      'dev-us': fixtureFor([
        ns('team-w', ANA, [deployment('web', 1)]),
        ns('team-x', ANA, [deployment('web', 1)]),
      ]),
    },
    uptime: demoUptime(Date.now(), 6 * 60).uptime,
    commandTtl: `${COMMAND_TTL_MS / 1000}s`,
    homeReplica: { 'dev-eu': 0, 'dev-us': 1 },
  });
}, 300_000);

afterAll(async () => {
  await w?.close();
});

function namespaceEvents(sim: KubeSim, namespace: string, reason: string) {
  const events = sim.api.list(RT.events, namespace, {}).items as {
    reason?: string;
    involvedObject?: { kind?: string };
  }[];
  return events.filter((e) => e.involvedObject?.kind === 'Namespace' && e.reason === reason);
}

async function stop(namespace: string, replica: 0 | 1) {
  const reply = await w.slack[replica].send(
    w.slack[replica].slashCommand({ userId: w.users.ana.id, text: `stop ${namespace}` }),
  );
  expect(reply.status).toBe(200);
}

async function connected(cluster: string, admin = w.admins[1]) {
  const { clusters } = await admin.clusters();
  return clusters.find((c) => c.id === cluster)?.connected;
}

/** The replica holding the cluster's stream, or undefined when none does. */
async function holder(cluster: string) {
  const { clusters } = await w.admins[1].clusters();
  const found = clusters.find((c) => c.id === cluster);
  return found?.connected ? found.hubInstance : undefined;
}

describe('hub replicas and agents failing mid-flight', () => {
  it('an agent offline: the command waits and is delivered when it reconnects', async () => {
    const us = w.clusters['dev-us'];
    expect(await holder('dev-us')).toBe('hub-b');
    await us.stopAgent();
    await eventually(async () => expect(await connected('dev-us')).toBe(false));
    // To the replica that did not hold the stream either.
    await stop('team-w', 0);
    // Kept, not executed, and the owner is told the cluster is offline and how long it waits.
    await eventually(
      () =>
        expect(dms(w.sim, w.users.ana).map(textOf).join('\n')).toMatch(
          /team-w.*cluster `dev-us` is offline \(last heard from <!date\^\d+\^[\s\S]*Curfew keeps the request for \d+ (second|minute|hour|day)/,
        ),
      10_000,
    );
    expect(replicas(us.sim, 'Deployment', 'team-w', 'web')).toBe(1);

    await us.startAgent();
    await eventually(() => expect(replicas(us.sim, 'Deployment', 'team-w', 'web')).toBe(0));
    // The waiting message is replaced by the outcome once the agent has answered.
    await eventually(() =>
      expect(dms(w.sim, w.users.ana).map(textOf).join('\n')).toMatch(/Suspended.*team-w/),
    );
    await eventually(async () => {
      const entries = (await w.admins[1].audit()).filter(
        (e) => e.namespace === 'team-w' && e.action === 'slack:suspend',
      );
      expect(entries).toMatchObject([{ outcome: 'succeeded' }]);
    });
  }, 30_000);

  it('an agent that stays offline: the command expires, the owner is told, and it never runs', async () => {
    const us = w.clusters['dev-us'];
    await us.stopAgent();
    await eventually(async () => expect(await connected('dev-us')).toBe(false));
    await stop('team-x', 1);
    await eventually(
      () =>
        expect(dms(w.sim, w.users.ana).map(textOf).join('\n')).toMatch(
          /Nothing was done to .*team-x.*unreachable/,
        ),
      COMMAND_TTL_MS + 15_000,
    );
    await eventually(async () => {
      const entries = (await w.admins[1].audit()).filter(
        (e) => e.namespace === 'team-x' && e.action === 'slack:suspend',
      );
      expect(entries).toMatchObject([{ outcome: 'expired' }]);
    });
    // Back online: the expired command is not delivered late.
    await us.startAgent();
    await w.settle();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(replicas(us.sim, 'Deployment', 'team-x', 'web')).toBe(1);
    expect(namespaceAnnotations(us.sim, 'team-x')['curfew.dev/state']).not.toBe('suspended');
  }, 45_000);

  it('the replica holding the stream is killed mid-command: the agent moves, the command completes once', async () => {
    const eu = w.clusters['dev-eu'];
    expect(await holder('dev-eu')).toBe('hub-a');
    // Every API call takes a second, so the suspend is still running when the replica dies.
    eu.sim.faults.configure({ latencyMs: 1_000 });
    // Sent to replica 1; dev-eu's stream is held by replica 0, which relays the command.
    await stop('team-k', 1);
    await eventually(
      () => expect(namespaceAnnotations(eu.sim, 'team-k')['curfew.dev/state']).toBe('suspending'),
      10_000,
    );
    const running = ['web', 'api', 'worker'].filter(
      (name) => (replicas(eu.sim, 'Deployment', 'team-k', name) ?? 0) > 0,
    );
    await w.hubs[0].kill();
    // SIGKILL reached the hub's Node process itself (no wrapper shell in between): it is gone.
    expect(isRunning(w.hubs[0].pid)).toBe(false);
    expect(running.length, 'workloads not yet scaled down when the replica died').toBeGreaterThan(
      0,
    );
    eu.sim.faults.configure({ latencyMs: 0 });

    await eventually(async () => expect(await holder('dev-eu')).toBe('hub-b'));
    await eventually(() => {
      for (const name of ['web', 'api', 'worker']) {
        expect(replicas(eu.sim, 'Deployment', 'team-k', name)).toBe(0);
      }
      expect(replicas(eu.sim, 'StatefulSet', 'team-k', 'db')).toBe(0);
      expect(namespaceAnnotations(eu.sim, 'team-k')['curfew.dev/state']).toBe('suspended');
    });
    await eventually(async () => {
      const entries = (await w.admins[1].audit()).filter(
        (e) => e.namespace === 'team-k' && e.action === 'slack:suspend',
      );
      expect(entries).toMatchObject([{ outcome: 'succeeded' }]);
    }, 20_000);
    await w.settle();
    expect(namespaceEvents(eu.sim, 'team-k', 'CurfewSuspended')).toHaveLength(1);
    await eventually(() =>
      expect(dms(w.sim, w.users.ana).map(textOf).join('\n')).toMatch(/Suspended.*team-k/),
    );
  }, 45_000);
});
