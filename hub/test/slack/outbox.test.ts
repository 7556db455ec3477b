import { describe, expect, it } from 'vitest';
import { RedisOutboxStore } from '../../src/slack/store/outbox-store.js';
import { SlackKeys } from '../../src/slack/store/slack-keys.js';
import { eventually, type Harness, harnessPerTest, settle } from './support/harness.js';

const start = harnessPerTest();

function posts(x: Harness) {
  return x.sim.callsTo('chat.postMessage');
}

describe('slack outbox', () => {
  it('waits as long as Retry-After says when Slack answers 429, then posts once', async () => {
    const x = await start();
    x.sim.faults.rateLimit('chat.postMessage', { times: 1, retryAfterSeconds: 2 });
    await x.mount.outbox.post('hello-1', { user: x.ana.id }, { text: 'hello' });
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    const [limited, accepted] = posts(x);
    expect([limited?.status, accepted?.status]).toEqual([429, 200]);
    expect((accepted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(2_000);
  });

  it('pauses the whole method after a 429, not just the job that got it', async () => {
    const x = await start();
    x.sim.faults.rateLimit('chat.postMessage', { times: 1, retryAfterSeconds: 2 });
    await x.mount.outbox.post('first', { user: x.ana.id }, { text: 'first' });
    await eventually(() => expect(posts(x)).toHaveLength(1));
    await x.mount.outbox.post('second', { user: x.bob.id }, { text: 'second' });
    await eventually(() => expect(x.sim.workspace.dm(x.bob.id)).toHaveLength(1));
    const limitedAt = posts(x)[0]?.at ?? 0;
    const toBob = posts(x).find(
      (c) => c.status === 200 && c.response && JSON.stringify(c.args).includes('second'),
    );
    expect((toBob?.at ?? 0) - limitedAt).toBeGreaterThanOrEqual(2_000);
  });

  it.each([
    {
      name: 'a post that timed out but had reached Slack is not posted again',
      fault: (x: Harness) => x.sim.faults.delay('chat.postMessage', 1_500),
      calls: 1,
      searched: true,
    },
    {
      name: 'a post that failed with a 5xx (outcome unknown, not posted) is posted once on retry',
      fault: (x: Harness) => x.sim.faults.httpError('chat.postMessage', { status: 503 }),
      calls: 2,
      searched: true,
    },
    {
      name: 'a post Slack refused with internal_error is posted once on retry',
      fault: (x: Harness) => x.sim.faults.fail('chat.postMessage', { error: 'internal_error' }),
      calls: 2,
      searched: false,
    },
  ])('$name', async ({ fault, calls, searched }) => {
    const x = await start({ apiTimeoutMs: 500 });
    fault(x);
    await x.mount.outbox.post('once', { user: x.ana.id }, { text: 'exactly once' });
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    await settle(2_000);
    expect(x.sim.workspace.dm(x.ana.id).map((m) => m.text)).toEqual(['exactly once']);
    expect(posts(x)).toHaveLength(calls);
    // Only an unknown outcome makes the retry look for the message first.
    expect(x.sim.callsTo('conversations.history').length > 0).toBe(searched);
  });

  it('posts once when the same key is queued twice', async () => {
    const x = await start();
    await x.mount.outbox.post('same', { user: x.ana.id }, { text: 'one' });
    await x.mount.outbox.post('same', { user: x.ana.id }, { text: 'one' });
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    await settle(500);
    expect(posts(x)).toHaveLength(1);
  });

  it('gives up at once on a permanent error instead of retrying', async () => {
    const x = await start();
    await x.mount.outbox.post('nowhere', { channel: 'C-DOES-NOT-EXIST' }, { text: 'lost' });
    await eventually(() => expect(posts(x)).toHaveLength(1));
    await settle(1_500);
    expect(posts(x).map((c) => (c.response as { error?: string }).error)).toEqual([
      'channel_not_found',
    ]);
  });

  it('coalesces updates of one message: the latest content wins in fewer calls', async () => {
    const x = await start();
    await x.mount.outbox.post('card', { user: x.ana.id }, { text: 'v0' });
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    // The first update is slow, so the others pile up behind it.
    x.sim.faults.delay('chat.update', 400);
    for (let v = 1; v <= 10; v += 1) {
      await x.mount.outbox.update({ kind: 'posted', key: 'card' }, { text: `v${v}` });
    }
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)[0]?.text).toBe('v10'));
    await settle(1_000);
    const message = x.sim.workspace.dm(x.ana.id)[0];
    expect(message?.text).toBe('v10');
    const updates = x.sim.callsTo('chat.update');
    expect(updates.length).toBeLessThan(10);
    // Versions only ever move forward: no older update lands after a newer one.
    const versions = [...(message?.revisions ?? []).map((r) => r.text), message?.text].map((t) =>
      Number(t?.slice(1)),
    );
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('posts a burst to one channel, every message once', async () => {
    const x = await start();
    for (const n of [1, 2, 3])
      await x.mount.outbox.post(`burst-${n}`, { user: x.ana.id }, { text: `m${n}` });
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(3));
    expect(
      x.sim.workspace
        .dm(x.ana.id)
        .map((m) => m.text)
        .sort(),
    ).toEqual(['m1', 'm2', 'm3']);
    expect(posts(x).filter((c) => c.status === 200)).toHaveLength(3);
  });

  it("gives a channel one message per second, by the limiter's own clock", async () => {
    const x = await start();
    const store = new RedisOutboxStore(x.redis, new SlackKeys('slot-test:'));
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 15);
    const post = (channel: string, at: number) => store.acquire('chat.postMessage', channel, at);
    expect(await post('D1', t0)).toBe(0);
    expect(await post('D1', t0)).toBe(1_000);
    expect(await post('D1', t0 + 400)).toBe(600);
    // Another channel has its own second.
    expect(await post('D2', t0 + 400)).toBe(0);
    expect(await post('D1', t0 + 1_000)).toBe(0);
    expect(await post('D1', t0 + 1_000)).toBe(1_000);
    // chat.update is not limited per channel.
    expect(await store.acquire('chat.update', 'D1', t0 + 1_000)).toBe(0);
  });

  it('pauses a method for as long as Retry-After said, by the same clock, never shortening a pause', async () => {
    const x = await start();
    const store = new RedisOutboxStore(x.redis, new SlackKeys('pause-test:'));
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 15);
    await store.pauseMethod('chat.postMessage', 2_000, t0);
    await store.pauseMethod('chat.postMessage', 500, t0);
    expect(await store.acquire('chat.postMessage', undefined, t0 + 500)).toBe(1_500);
    expect(await store.acquire('views.publish', undefined, t0 + 500)).toBe(0);
    expect(await store.acquire('chat.postMessage', undefined, t0 + 2_000)).toBe(0);
  });

  it('keeps a fifth of each minute for replies: notifications stop at their share', async () => {
    const x = await start();
    const store = new RedisOutboxStore(x.redis, new SlackKeys('share-test:'));
    const now = Date.UTC(2026, 0, 1, 12, 0, 15);
    const waits: number[] = [];
    for (let i = 0; i <= 40; i += 1) {
      waits.push(await store.acquire('chat.update', undefined, now, 'notification'));
    }
    // chat.update allows 50 a minute: 40 for notifications, the 41st waits for the next minute.
    expect(waits.slice(0, 40).every((w) => w === 0)).toBe(true);
    expect(waits[40]).toBe(45_000);
    const replies: number[] = [];
    for (let i = 0; i <= 10; i += 1)
      replies.push(await store.acquire('chat.update', undefined, now));
    expect(replies.slice(0, 10).every((w) => w === 0)).toBe(true);
    expect(replies[10]).toBe(45_000);
  });

  it.each([
    {
      name: 'chat.update stops at Tier 3 (50 a minute) until the minute ends',
      method: 'chat.update',
      limit: 50,
    },
    { name: 'views.publish stops at Tier 4 (100 a minute)', method: 'views.publish', limit: 100 },
  ])('$name', async ({ method, limit }) => {
    const x = await start();
    const store = new RedisOutboxStore(x.redis, new SlackKeys('tier-test:'));
    const now = Date.UTC(2026, 0, 1, 12, 0, 15);
    const waits: number[] = [];
    for (let i = 0; i <= limit; i += 1) waits.push(await store.acquire(method, undefined, now));
    expect(waits.slice(0, limit).every((w) => w === 0)).toBe(true);
    expect(waits[limit]).toBe(45_000);
    expect(await store.acquire(method, undefined, now + 45_000)).toBe(0);
  });
});
