import { afterEach, describe, expect, it } from 'vitest';
import type { BookmarkMode, KubeSim, KubeSimOptions } from '../src/index.js';
import { nextBookmarkAt, startKubeSim } from '../src/index.js';
import { raw, readWatch } from './helpers.js';

/** Every bookmark instant of one watch, walking the cacher's rule the way its timer does. */
function schedule(mode: BookmarkMode, timeoutMs: number, intervalMs: number): number[] {
  const times: number[] = [];
  let now = 0;
  for (;;) {
    const at = nextBookmarkAt(mode, now, timeoutMs, intervalMs, times.length > 0);
    if (at === undefined || times.length > 100) return times;
    times.push(at);
    now = at;
  }
}

describe('when the cacher sends bookmarks', () => {
  it.each([
    {
      name: 'before 1.27 a 5-minute watch gets one bookmark, 2 s before its deadline, and none before',
      mode: 'deadline' as const,
      timeoutMs: 300_000,
      want: [298_000],
    },
    {
      name: 'before 1.27 a watch of 2 s or less gets its one bookmark at once',
      mode: 'deadline' as const,
      timeoutMs: 1_000,
      want: [0],
    },
    {
      name: '1.27+ sends one every minute and the last 2 s before the deadline',
      mode: 'periodic' as const,
      timeoutMs: 150_000,
      want: [60_000, 120_000, 148_000],
    },
    {
      name: '1.27+ sends none when the deadline is under 2 s away',
      mode: 'periodic' as const,
      timeoutMs: 1_000,
      want: [],
    },
    {
      name: '1.27+ does not repeat the pre-deadline bookmark when it falls on a minute',
      mode: 'periodic' as const,
      timeoutMs: 122_000,
      want: [60_000, 120_000],
    },
  ])('$name', ({ mode, timeoutMs, want }) => {
    expect(schedule(mode, timeoutMs, 60_000)).toEqual(want);
  });
});

let sim: KubeSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(options: KubeSimOptions = {}) {
  sim = await startKubeSim(options);
  const s = sim;
  await raw(s.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'quiet' } });
  await raw(s.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'busy' } });
  return s;
}

/** Reads a watch to its end, noting when each event arrived (ms after the request). */
async function timedWatch(s: KubeSim, query: string, limitMs = 10_000) {
  const started = Date.now();
  const arrivals: { type: string; ms: number; rv: string }[] = [];
  const events = await readWatch(
    `${s.url}/api/v1/namespaces/quiet/configmaps?watch=true&${query}`,
    (evs) => {
      for (const e of evs.slice(arrivals.length)) {
        const rv = (e.object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
        arrivals.push({ type: e.type, ms: Date.now() - started, rv: rv ?? '' });
      }
      return false;
    },
    limitMs,
  );
  return { events, arrivals, endedMs: Date.now() - started };
}

/**
 * Writes elsewhere in the cluster, so the store moves on while this watch's resource is quiet.
 * The returned stop waits for the writes in flight, so none outlives the simulator.
 */
function keepBusy(s: KubeSim) {
  let n = 0;
  const inFlight = new Set<Promise<unknown>>();
  const t = setInterval(() => {
    // Only load: a write that fails shows up as a missing bookmark in the test itself.
    const write = raw(s.url, 'POST', '/api/v1/namespaces/busy/configmaps', {
      metadata: { name: `c-${n++}` },
    })
      .catch(() => undefined)
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  }, 200);
  return async () => {
    clearInterval(t);
    await Promise.all([...inFlight]);
  };
}

describe('bookmarks on the wire', () => {
  it('by default (before 1.27) a quiet watch gets its only bookmark 2 s before timeoutSeconds, then ends cleanly', async () => {
    const s = await start();
    const rv = s.store.currentRv();
    const stop = keepBusy(s);
    try {
      const w = await timedWatch(
        s,
        `resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=4`,
      );
      expect(w.arrivals.map((a) => a.type)).toEqual(['BOOKMARK']);
      expect(w.arrivals[0]?.ms).toBeGreaterThanOrEqual(1_900);
      expect(Number(w.arrivals[0]?.rv)).toBeGreaterThan(rv);
      // Ended by the server at its deadline, not by the reader's 10 s limit.
      expect(w.endedMs).toBeGreaterThanOrEqual(3_900);
      expect(w.endedMs).toBeLessThan(8_000);
    } finally {
      await stop();
    }
  });

  it('with bookmarks: periodic (1.27+) a quiet watch also gets them every interval', async () => {
    const s = await start({ bookmarks: 'periodic', bookmarkIntervalMs: 500 });
    const rv = s.store.currentRv();
    const stop = keepBusy(s);
    try {
      const w = await timedWatch(
        s,
        `resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=4`,
      );
      const bookmarks = w.arrivals.filter((a) => a.type === 'BOOKMARK');
      expect(bookmarks.length).toBeGreaterThanOrEqual(3);
      expect(bookmarks[0]?.ms).toBeLessThan(1_500);
      expect(w.endedMs).toBeGreaterThanOrEqual(3_900);
    } finally {
      await stop();
    }
  });

  it('sends no bookmark to a watcher that did not allow them', async () => {
    const s = await start({ bookmarks: 'periodic', bookmarkIntervalMs: 200 });
    const stop = keepBusy(s);
    try {
      const w = await timedWatch(s, `resourceVersion=${s.store.currentRv()}&timeoutSeconds=2`);
      expect(w.arrivals).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('sends no bookmark when nothing is newer than where the watch started', async () => {
    const s = await start();
    const rv = s.store.currentRv();
    const w = await timedWatch(
      s,
      `resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=3`,
    );
    expect(s.store.currentRv()).toBe(rv);
    expect(w.arrivals).toEqual([]);
    expect(w.endedMs).toBeGreaterThanOrEqual(2_900);
  });

  it('a stalled watch delivers nothing and outlives its timeoutSeconds (fault injection)', async () => {
    const s = await start();
    s.faults.configure({ stallWatches: true });
    const rv = s.store.currentRv();
    const pending = timedWatch(s, `resourceVersion=${rv}&timeoutSeconds=1`, 2_500);
    await raw(s.url, 'POST', '/api/v1/namespaces/quiet/configmaps', { metadata: { name: 'lost' } });
    const w = await pending;
    expect(w.arrivals).toEqual([]);
    // Only the reader's own 2.5 s limit ended it.
    expect(w.endedMs).toBeGreaterThanOrEqual(2_400);
  });

  it('a watch stalled once stays silent after the stall ends: no later event skips the lost one', async () => {
    const s = await start({ bookmarks: 'periodic', bookmarkIntervalMs: 100 });
    const rv = s.store.currentRv();
    s.faults.configure({ stallWatches: true });
    const pending = timedWatch(
      s,
      `resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=1`,
      2_500,
    );
    await raw(s.url, 'POST', '/api/v1/namespaces/quiet/configmaps', { metadata: { name: 'lost' } });
    s.faults.configure({ stallWatches: false });
    await raw(s.url, 'POST', '/api/v1/namespaces/quiet/configmaps', {
      metadata: { name: 'after' },
    });
    const w = await pending;
    // Before, 'after' (and bookmarks past 'lost') arrived on the same stream, 'lost' never.
    expect(w.arrivals).toEqual([]);
    expect(w.endedMs).toBeGreaterThanOrEqual(2_400);
    // A watch opened once the stall is over replays both.
    const fresh = await timedWatch(s, `resourceVersion=${rv}&timeoutSeconds=1`);
    expect(fresh.events.map((e) => (e.object.metadata as { name?: string }).name)).toEqual([
      'lost',
      'after',
    ]);
  });
});
