import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from '../faults.js';
import { withType } from '../list.js';
import { validateListOptions } from '../list-options.js';
import type { KubeObject } from '../object.js';
import type { ResourceType } from '../resources.js';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from '../selectors.js';
import { ApiError, badRequest } from '../status.js';
import type { Store } from '../store.js';
import { type BookmarkMode, scheduleBookmarks } from '../watch-bookmarks.js';
import type { EventType } from '../watch-hub.js';
import { bookmarkObject, eventLine } from '../watch-hub.js';

export interface WatchContext {
  store: Store;
  faults: Faults;
  /** Which apiserver generation's bookmarks to imitate (see watch-bookmarks.ts). */
  bookmarks: BookmarkMode;
  /** The periodic bookmark interval (`bookmarks: 'periodic'`); the real one is a minute. */
  bookmarkIntervalMs: number;
  /**
   * Used when the client gives no timeoutSeconds: the real server picks
   * `--min-request-timeout` (1800 s) × (1 + rand), i.e. 30–60 minutes.
   */
  defaultTimeoutSeconds: () => number;
}

export interface WatchRequest {
  rt: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  query: URLSearchParams;
  /** Re-renders each object (kubectl's `as=Table` watches); events are then encoded per watcher. */
  render?: ((o: KubeObject) => unknown) | undefined;
}

/**
 * A watch: newline-delimited JSON events over a chunked 200 response, like the real server.
 * A resourceVersion older than the history window gets an ERROR event with a 410 Expired
 * Status (the watch cache's behaviour), not an HTTP error.
 */
export function serveWatch(
  ctx: WatchContext,
  w: WatchRequest,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const { rt, namespace, query } = w;
  const labels = parseLabelSelector(query.get('labelSelector'));
  let fieldSel = query.get('fieldSelector') ?? '';
  if (w.name !== undefined)
    fieldSel = [fieldSel, `metadata.name=${w.name}`].filter((x) => x).join(',');
  const fields = parseFieldSelector(fieldSel, rt);
  const rvParam = query.get('resourceVersion') ?? '';
  if (rvParam !== '' && !/^\d+$/.test(rvParam)) {
    throw badRequest(
      `invalid resource version: ${JSON.stringify(rvParam)}; use a resourceVersion from a list`,
    );
  }
  validateListOptions(query, true);
  const sendInitial = query.get('sendInitialEvents') === 'true';
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const timeoutParam = Number(query.get('timeoutSeconds') ?? '');
  const timeoutSec =
    Number.isFinite(timeoutParam) && timeoutParam > 0 ? timeoutParam : ctx.defaultTimeoutSeconds();

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  const matches = (o: KubeObject) =>
    matchLabels(labels, o.metadata.labels) && matchFields(fields, o);
  let closed = false;
  // Latched: a watch open at any moment of a stall stays silent for good (faults.ts).
  let stalled = ctx.faults.watchesStalled;
  const cleanups: Array<() => void> = [
    ctx.faults.onStall(() => {
      stalled = true;
    }),
  ];
  const close = () => {
    if (closed) return;
    closed = true;
    for (const c of cleanups) c();
    res.end();
  };
  const drop = () => {
    if (closed) return;
    closed = true;
    for (const c of cleanups) c();
    res.destroy();
  };
  // Events written in one burst (a controller pass, a bulk update) leave in one socket write:
  // per-event writes to 50 watchers is what makes a naive server fall behind.
  let corked = false;
  const write = (line: string) => {
    if (closed || stalled) return;
    if (ctx.faults.shouldDropWatch()) {
      drop();
      return;
    }
    if (!corked) {
      corked = true;
      res.cork();
      setImmediate(() => {
        corked = false;
        res.uncork();
      });
    }
    res.write(line);
  };

  // sendInitialEvents=false with no (or "0") resourceVersion starts "now", without the
  // synthetic ADDED events a legacy watch gets.
  const legacyStart = rvParam === '' || rvParam === '0';
  const noInitial = query.get('sendInitialEvents') === 'false';
  const fromRv = sendInitial
    ? undefined
    : legacyStart
      ? noInitial
        ? ctx.store.currentRv()
        : undefined
      : Number(rvParam);
  if (fromRv === undefined) {
    for (const o of ctx.store.list(rt, namespace)) {
      if (matches(o)) write(eventLine('ADDED', w.render ? w.render(o) : withType(rt, o)));
    }
    // The end-of-initial-events bookmark is a bookmark: sent only to those who allow them.
    if (sendInitial && bookmarks) {
      write(
        eventLine(
          'BOOKMARK',
          bookmarkObject(rt, ctx.store.currentRv(), { 'k8s.io/initial-events-end': 'true' }),
        ),
      );
    }
  }
  const startRv = fromRv ?? ctx.store.currentRv();
  const unsubscribe = ctx.store.hub.subscribe(rt, fromRv, {
    filter: { namespace, matches },
    send: (type: EventType, obj: KubeObject, line: string) =>
      write(w.render ? eventLine(type, w.render(obj)) : line),
  });
  if (!unsubscribe) {
    const oldest = ctx.store.hub.oldestRv(rt);
    const status = new ApiError(
      410,
      'Expired',
      `too old resource version: ${fromRv} (${oldest})`,
    ).toStatus();
    delete status.details;
    if (stalled) {
      // Silent like any stalled watch, untracked once the client gives up.
      res.on('close', close);
      return;
    }
    res.write(eventLine('ERROR', status));
    close();
    return;
  }
  cleanups.push(unsubscribe);
  cleanups.push(ctx.faults.trackWatch(drop));
  if (bookmarks) {
    cleanups.push(
      scheduleBookmarks({
        mode: ctx.bookmarks,
        timeoutMs: timeoutSec * 1000,
        intervalMs: ctx.bookmarkIntervalMs,
        send: () => {
          // The cacher's process loop drops events (bookmarks too) not newer than the start.
          const rv = ctx.store.currentRv();
          if (rv > startRv) write(eventLine('BOOKMARK', bookmarkObject(rt, rv)));
        },
      }),
    );
  }
  // The real server ends the response cleanly at the deadline (the chunked body's last chunk):
  // the client sees the stream end, not an error, and resumes from its last resourceVersion.
  const timer = setTimeout(() => {
    // A stalled watch (fault injection) is a server that never answers again: no clean end.
    if (!stalled) close();
  }, timeoutSec * 1000);
  cleanups.push(() => clearTimeout(timer));
  req.on('close', close);
  res.on('close', close);
}
