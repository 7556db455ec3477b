import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { systemClock } from '@curfew/core';
import {
  Action,
  CommandResultSchema,
  CommandStatus,
  NamespaceSummarySchema,
  NotificationKind,
  NotificationSchema,
} from '@curfew/proto';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { Backoff } from '../src/link/backoff.js';
import { hubCredentials } from '../src/link/hub-credentials.js';
import { HubLink } from '../src/link/hub-link.js';
import { NotificationQueue } from '../src/link/notification-queue.js';
import { createMetrics } from '../src/observe/metrics.js';
import { makeWebhookCertificates } from '../src/tls/index.js';
import { silentLog } from './support/fake-context.js';
import { TOKEN } from './support/harness.js';
import { eventually, TestHub } from './support/test-hub.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function link(
  address: string,
  options: {
    token?: string;
    changes?: string[];
    backoffMs?: number;
    credentials?: grpc.ChannelCredentials;
  } = {},
) {
  const queue = new NotificationQueue();
  const changes = options.changes ?? [];
  const l = new HubLink({
    address,
    credentials: options.credentials ?? grpc.credentials.createInsecure(),
    token: options.token ?? TOKEN,
    hello: {
      clusterId: 'c1',
      agentVersion: '0.1.0',
      capabilities: ['suspend'],
      instanceId: 'pod-1',
    },
    clock: systemClock,
    random: () => 0.5,
    log: silentLog,
    metrics: createMetrics(),
    queue,
    backoff: { baseMs: options.backoffMs ?? 20, maxMs: Math.max(100, options.backoffMs ?? 0) },
    snapshotDelayMs: 5,
    handlers: {
      fullSnapshot: () => [create(NamespaceSummarySchema, { name: 'team-a' })],
      takeChanges: () => ({
        upserts: changes.splice(0).map((name) => create(NamespaceSummarySchema, { name })),
        removed: [],
      }),
      onCommand: (command, reply) =>
        reply(
          create(CommandResultSchema, { commandId: command.id, status: CommandStatus.SUCCEEDED }),
        ),
    },
  });
  cleanups.push(() => l.stop());
  return { link: l, queue, changes };
}

function note(id: string, staleAfter: number) {
  return create(NotificationSchema, {
    id,
    kind: NotificationKind.REMINDER,
    namespace: 'team-a',
    staleAfter: timestampFromMs(staleAfter),
  });
}

describe('the hub link', () => {
  it('authenticates with the bearer token, says Hello first, then sends a full snapshot and heartbeats', async () => {
    const hub = new TestHub(TOKEN, 30);
    const address = await hub.start();
    cleanups.push(() => hub.stop());
    const { link: l, changes } = link(address);
    l.start();
    await l.whenConnected();
    expect(hub.authorizations[0]).toBe(`Bearer ${TOKEN}`);
    expect(hub.received[0]?.message.case).toBe('hello');
    expect(hub.hellos()[0]).toMatchObject({ clusterId: 'c1', instanceId: 'pod-1' });
    await eventually(() => hub.snapshots().length === 1);
    expect(hub.snapshots()[0]).toMatchObject({ full: true, sequence: 1n });
    await eventually(() => hub.received.filter((r) => r.message.case === 'heartbeat').length >= 2);
    changes.push('team-b');
    l.changed();
    await eventually(() => hub.snapshots().length === 2);
    expect(hub.snapshots()[1]).toMatchObject({ full: false, sequence: 2n });
    expect(hub.snapshots()[1]?.namespaces.map((n) => n.name)).toEqual(['team-b']);
  });

  it('reports a namespace change still waiting to be coalesced before a notification about it', async () => {
    const hub = new TestHub(TOKEN);
    const address = await hub.start();
    cleanups.push(() => hub.stop());
    const { link: l, changes } = link(address);
    l.start();
    await l.whenConnected();
    await eventually(() => hub.snapshots().length === 1);
    // A namespace created just now: its change waits for the coalescing timer.
    changes.push('just-created');
    l.changed();
    l.notify(
      create(NotificationSchema, {
        id: 'n-new',
        kind: NotificationKind.SUSPENDED,
        namespace: 'just-created',
      }),
    );
    await eventually(() => hub.received.some((r) => r.message.case === 'notification'));
    const order = hub.received
      .map((r) => r.message)
      .filter((m) => m.case === 'snapshot' || m.case === 'notification')
      .map((m) =>
        m.case === 'snapshot'
          ? `snapshot:${m.value.namespaces.map((n) => n.name).join(',')}`
          : `notification:${m.value?.namespace}`,
      );
    // The hub refuses notifications about namespaces no snapshot reported.
    expect(order).toEqual([
      'snapshot:team-a',
      'snapshot:just-created',
      'notification:just-created',
    ]);
  });

  it('dials the hub over TLS, trusting the CA from CURFEW_HUB_CA_FILE', async () => {
    const certs = await makeWebhookCertificates({
      service: 'curfew-hub',
      namespace: 'curfew',
      extraHosts: ['127.0.0.1'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'curfew-hub-ca-'));
    writeFileSync(join(dir, 'ca.crt'), certs.caCert);
    const hub = new TestHub(TOKEN);
    const address = await hub.start(0, { cert: certs.cert, key: certs.key });
    cleanups.push(() => hub.stop());
    const config = loadConfig({
      CURFEW_CLUSTER_ID: 'c1',
      CURFEW_HUB_ADDRESS: address,
      CURFEW_HUB_TOKEN: TOKEN,
      CURFEW_HUB_CA_FILE: join(dir, 'ca.crt'),
    });
    expect(config.hub.tls).toBe(true);
    const { link: l } = link(address, { credentials: hubCredentials(config) });
    l.start();
    await l.whenConnected();
    expect(hub.hellos()).toHaveLength(1);
    // Without the CA the same hub is not trusted.
    const untrusted = link(address, { credentials: grpc.credentials.createSsl() });
    untrusted.link.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(untrusted.link.connected).toBe(false);
    expect(hub.hellos()).toHaveLength(1);
  });

  it('answers commands on the stream', async () => {
    const hub = new TestHub(TOKEN);
    const address = await hub.start();
    cleanups.push(() => hub.stop());
    const { link: l } = link(address);
    l.start();
    await l.whenConnected();
    hub.command({ id: 'c-1', action: Action.LIST, target: { case: 'clusterId', value: 'c1' } });
    await eventually(() => hub.results().find((r) => r.commandId === 'c-1'));
  });

  it('keeps notifications while the hub is away, re-sends unacknowledged ones on reconnect and drops stale ones', async () => {
    const hub = new TestHub(TOKEN);
    const address = await hub.start();
    const { link: l, queue } = link(address);
    l.start();
    await l.whenConnected();
    l.notify(note('acked', Date.now() + 60_000));
    await eventually(() => queue.size === 0);
    await hub.stop();
    await eventually(() => !l.connected);
    l.notify(note('fresh', Date.now() + 60_000));
    l.notify(note('stale', Date.now() + 50));
    expect(queue.size).toBe(2);
    await new Promise((r) => setTimeout(r, 100));
    const again = new TestHub(TOKEN);
    again.autoAck = false;
    await again.start(hub.port);
    cleanups.push(() => again.stop());
    await l.whenConnected();
    await eventually(() => again.notifications().length === 1);
    expect(again.notifications().map((n) => n.id)).toEqual(['fresh']);
    expect(queue.ids()).toEqual(['fresh']);
  });

  it('a draining hub replica makes the agent reconnect at once, without backoff', async () => {
    const hub = new TestHub(TOKEN);
    const address = await hub.start();
    cleanups.push(() => hub.stop());
    // With this backoff an ordinary reconnect waits 2.5 s (random 0.5 × 5 s).
    const { link: l } = link(address, { backoffMs: 5_000 });
    l.start();
    await l.whenConnected();
    hub.drain();
    const t = Date.now();
    await eventually(() => hub.hellos().length === 2);
    await l.whenConnected();
    expect(Date.now() - t).toBeLessThan(1_000);
    await eventually(() => hub.snapshots().filter((s) => s.full).length === 2);
  });

  it('a rejected agent keeps retrying with backoff instead of hammering the hub', async () => {
    const hub = new TestHub(TOKEN);
    const address = await hub.start();
    cleanups.push(() => hub.stop());
    const { link: l } = link(address, { token: 'wrong-token-0123456789' });
    l.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(l.connected).toBe(false);
    // ~20, 40, 80, 100, 100 ms ceilings with random 0.5: a handful of tries, not hundreds.
    expect(hub.hellos().length).toBeGreaterThanOrEqual(2);
    expect(hub.hellos().length).toBeLessThan(15);
  });
});

describe('full-jitter backoff', () => {
  it.each([
    { name: 'the first delay is at most the base', attempt: 0, random: 0.999, max: 1_000 },
    { name: 'the ceiling doubles with every attempt', attempt: 3, random: 0.999, max: 8_000 },
    { name: 'the ceiling never exceeds 30 seconds', attempt: 10, random: 0.999, max: 30_000 },
    { name: 'randomness spreads delays down to zero', attempt: 5, random: 0, max: 0 },
  ])('$name', ({ attempt, random, max }) => {
    const b = new Backoff({
      baseMs: 1_000,
      maxMs: 30_000,
      healthyMs: 60_000,
      random: () => random,
    });
    for (let i = 0; i < attempt; i += 1) b.next();
    const delay = b.next();
    expect(delay).toBeLessThanOrEqual(max);
    expect(delay).toBeGreaterThanOrEqual(Math.floor(max * 0.99));
  });

  it('resets after a connection that stayed healthy for a minute, not after a short one', () => {
    const b = new Backoff({ baseMs: 1_000, maxMs: 30_000, healthyMs: 60_000, random: () => 0.999 });
    for (let i = 0; i < 4; i += 1) b.next();
    b.connected(0);
    b.disconnected(59_000);
    expect(b.next()).toBeGreaterThan(15_000);
    b.connected(100_000);
    b.disconnected(160_000);
    expect(b.next()).toBeLessThan(1_000);
  });
});
