import { describe, expect, it } from 'vitest';
import { SlackKeys } from '../../src/slack/keys.js';
import { OutboxStore } from '../../src/slack/outbox/store.js';
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

  it('keeps about one message per second per channel', async () => {
    const x = await start();
    for (const n of [1, 2, 3])
      await x.mount.outbox.post(`burst-${n}`, { user: x.ana.id }, { text: `m${n}` });
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(3));
    const times = posts(x).map((c) => c.at);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
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
    const store = new OutboxStore(x.redis, new SlackKeys('tier-test:'));
    const now = Date.UTC(2026, 0, 1, 12, 0, 15);
    const waits: number[] = [];
    for (let i = 0; i <= limit; i += 1) waits.push(await store.acquire(method, undefined, now));
    expect(waits.slice(0, limit).every((w) => w === 0)).toBe(true);
    expect(waits[limit]).toBe(45_000);
    expect(await store.acquire(method, undefined, now + 45_000)).toBe(0);
  });
});
