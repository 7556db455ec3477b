/**
 * A stream lives for days: what this replica remembers of the commands it sent down it (so a
 * sweep does not send them again, and a final result is finished in one script) must end when
 * the command does — answered or expired — or it grows with every command its cluster was
 * ever sent. The real Router on real Redis (its stores and bus), one local stream.
 */
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Action, CommandResultSchema, CommandStatus } from '@curfew/proto';
import { ManualClock, type RedisServer, startRedisServer } from '@curfew/test-support';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics.js';
import type { CommandStream, LocalStreams, StoredCommand } from '../src/ports.js';
import { Bus } from '../src/redis/bus.js';
import { connectRedis, type RedisConnections } from '../src/redis/connection.js';
import { redisKeys } from '../src/redis/keys.js';
import { Router } from '../src/routing/router.js';
import { createStores } from '../src/store/index.js';
import { eventually } from './support/hub-harness.js';

let redis: RedisServer;
let connections: RedisConnections;
let router: Router;
const clock = new ManualClock(Date.UTC(2026, 11, 4, 12));
const sent: StoredCommand[] = [];
const stream: CommandStream = {
  streamId: 'hub-a/1',
  clusterId: 'c1',
  sentCommands: new Set(),
  sendCommand: (command) => sent.push(command),
};
const streams: LocalStreams = {
  get: (clusterId) => (clusterId === 'c1' ? stream : undefined),
  isCurrent: () => true,
  all: () => [stream],
};

beforeAll(async () => {
  redis = await startRedisServer();
  connections = connectRedis(redis.url, 'forgets');
  await eventually(() => connections.health.up, 10_000);
  const keys = redisKeys('forgets:');
  const bus = new Bus(connections.command, connections.subscriber, keys, 'hub-a');
  await bus.start();
  const stores = createStores(connections.command, {
    prefix: 'forgets:',
    clock,
    newToken: () => randomUUID(),
    defaultPrices: { vcpuHour: 0.04, gibHour: 0.005 },
    auditMaxEntries: 1_000,
    wire: bus,
  });
  await stores.tokens.register('c1', { name: 'c1' });
  router = new Router({
    store: stores.commands,
    presence: stores.presence,
    bus,
    health: connections.health,
    streams,
    audit: stores.audit,
    finish: stores.finisher,
    metrics: createMetrics({ defaultMetrics: false }),
    logger: pino({ level: 'silent' }),
    clock,
    newId: randomUUID,
    hubInstance: 'hub-a',
    defaultTtlMs: 60_000,
    resultGraceMs: 1_000,
    sweepIntervalMs: 3_600_000,
  });
  router.start();
}, 60_000);

afterAll(async () => {
  router?.stop();
  await connections?.close();
  await redis?.stop();
});

const status = () => ({
  action: Action.STATUS,
  clusterId: 'c1',
  namespace: 'team-a',
  requestedBy: 'api:test',
});

describe('what the router remembers of a stream’s commands', () => {
  it('is forgotten once the agent answers', async () => {
    const outcome = router.dispatch(status(), 10_000);
    await eventually(async () => {
      await router.deliverPending('c1');
      return sent.length === 1;
    });
    const command = sent[0] as StoredCommand;
    expect(router.remembered('c1')).toBe(2);
    await router.complete(
      'c1',
      create(CommandResultSchema, { commandId: command.id, status: CommandStatus.SUCCEEDED }),
    );
    await expect(outcome).resolves.toMatchObject({ state: 'done', commandId: command.id });
    expect(router.remembered('c1')).toBe(0);
  });

  it('is forgotten once the command expires unanswered', async () => {
    const before = sent.length;
    void router.dispatch({ ...status(), ttlMs: 5_000 }, 0);
    await eventually(async () => {
      await router.deliverPending('c1');
      return sent.length === before + 1;
    });
    expect(router.remembered('c1')).toBe(2);
    // Past its deadline a sent command gets one grace period (its result may be on the way),
    // then expires on the next sweep.
    await clock.advanceTo(clock.now() + 10_000);
    await router.sweep();
    expect(router.remembered('c1')).toBe(2);
    await clock.advanceTo(clock.now() + 2_000);
    await router.sweep();
    expect(router.remembered('c1')).toBe(0);
  });
});
