/**
 * The SlackMessageState contract on real Redis. Two replicas share it: the one that finishes
 * the message that asked for a command marks its outcome shown (flow/action-outcome.ts), and
 * the outbox worker of any replica checks the mark before posting the agent's own report of
 * that outcome (notifications/deliver.ts). Each "replica" here has its own connection.
 */
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessageState } from '../../src/ports.js';
import { RedisSlackMessageState } from '../../src/slack/store/message-state.js';
import { SlackKeys } from '../../src/slack/store/slack-keys.js';

let server: RedisServer;
let connections: Redis[] = [];
let n = 0;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const redis of connections) redis.disconnect();
  await server?.stop();
});

/** Two replicas' views of one Slack keyspace (a fresh prefix per test), and a raw client. */
function replicas(): { a: SlackMessageState; b: SlackMessageState; raw: Redis; keys: SlackKeys } {
  n += 1;
  const keys = new SlackKeys(`state-test-${n}:slack:`);
  const [one, two, raw] = [0, 1, 2].map(
    () => new Redis(server.url, { maxRetriesPerRequest: 1 }),
  ) as [Redis, Redis, Redis];
  connections = [...connections, one, two, raw];
  return {
    a: new RedisSlackMessageState(one, keys),
    b: new RedisSlackMessageState(two, keys),
    raw,
    keys,
  };
}

describe('SlackMessageState: the "command outcome already shown" marker', () => {
  it('a command nobody marked was not shown', async () => {
    const { a } = replicas();
    expect(await a.wasCommandShown('cmd-1')).toBe(false);
  });

  it('one replica marks it; another replica sees it', async () => {
    const { a, b } = replicas();
    await a.markCommandShown('cmd-1');
    expect(await b.wasCommandShown('cmd-1')).toBe(true);
    expect(await b.wasCommandShown('cmd-2')).toBe(false);
  });

  it('marking twice is harmless', async () => {
    const { a, b } = replicas();
    await a.markCommandShown('cmd-1');
    await b.markCommandShown('cmd-1');
    expect(await a.wasCommandShown('cmd-1')).toBe(true);
  });

  it('is kept a day, under the Slack prefix, then Redis forgets it', async () => {
    const { a, raw, keys } = replicas();
    await a.markCommandShown('cmd-1');
    const key = keys.commandShown('cmd-1');
    expect(key.startsWith(keys.prefix)).toBe(true);
    const ttl = await raw.ttl(key);
    expect(ttl).toBeGreaterThan(86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(86_400);
    await raw.del(key);
    expect(await a.wasCommandShown('cmd-1')).toBe(false);
  });
});

describe('SlackMessageState: the newest reminder about a namespace', () => {
  it('is taken once: the replica that takes it updates that message, the other finds none', async () => {
    const { a, b } = replicas();
    await a.rememberNamespaceMessage('c-eu', 'team-a', 'notif:c-eu:n-1');
    const [first, second] = await Promise.all([
      a.takeNamespaceMessage('c-eu', 'team-a'),
      b.takeNamespaceMessage('c-eu', 'team-a'),
    ]);
    expect([first, second].filter((taken) => taken !== null)).toEqual(['notif:c-eu:n-1']);
    expect(await a.takeNamespaceMessage('c-eu', 'team-a')).toBeNull();
  });

  it('a newer reminder replaces the older pointer; namespaces and clusters are separate', async () => {
    const { a, b } = replicas();
    await a.rememberNamespaceMessage('c-eu', 'team-a', 'notif:c-eu:n-1');
    await b.rememberNamespaceMessage('c-eu', 'team-a', 'notif:c-eu:n-2');
    await a.rememberNamespaceMessage('c-us', 'team-a', 'notif:c-us:n-3');
    expect(await b.takeNamespaceMessage('c-eu', 'team-b')).toBeNull();
    expect(await b.takeNamespaceMessage('c-eu', 'team-a')).toBe('notif:c-eu:n-2');
    expect(await a.takeNamespaceMessage('c-us', 'team-a')).toBe('notif:c-us:n-3');
  });
});
