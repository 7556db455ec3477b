/**
 * When the kube-apiserver's watch cache (the cacher) sends a BOOKMARK to a watcher that asked for
 * them with `allowWatchBookmarks=true`. Two generations exist, and clients must survive the older:
 *
 * - `'deadline'` (before 1.27, the default here): `cacheWatcher.nextBookmarkTime` returns the
 *   watch's deadline minus 2 s, and the cacher never re-queues the watcher after that one
 *   bookmark ("Given that we send bookmark event once at deadline-2s, never push again"). A quiet
 *   resource therefore sends nothing at all for the whole of `timeoutSeconds` — a client with an
 *   idle timeout shorter than that sees a dead connection where there is none.
 * - `'periodic'` (1.27+): `nextBookmarkTime` is `now + bookmarkFrequency` (a minute) capped at
 *   deadline − 2 s, and the watcher is re-queued after each bookmark; none is scheduled when the
 *   pre-deadline instant has already passed.
 *
 * Either way a bookmark is delivered only when its resourceVersion is newer than the one the
 * watch started from (`cacheWatcher.process` drops older events, bookmarks included).
 */
export type BookmarkMode = 'deadline' | 'periodic';

export const BOOKMARK_MODES: readonly BookmarkMode[] = ['deadline', 'periodic'];

/** The cacher's `defaultBookmarkFrequency`. */
export const REAL_BOOKMARK_INTERVAL_MS = 60_000;
/** Bookmarks go out this long before the watch's deadline, so a resume starts fresh. */
const BEFORE_DEADLINE_MS = 2_000;

export interface BookmarkSchedule {
  mode: BookmarkMode;
  /** Time from the watch's start to its deadline (`timeoutSeconds`). */
  timeoutMs: number;
  /** The periodic interval (`'periodic'` only). */
  intervalMs: number;
  send(): void;
}

/**
 * The next instant (ms after the watch started) at which the cacher sends this watcher a bookmark,
 * given the time now and whether one was sent already; undefined when no more will come. Pure, so
 * both generations are table-tested without waiting for real deadlines.
 */
export function nextBookmarkAt(
  mode: BookmarkMode,
  nowMs: number,
  timeoutMs: number,
  intervalMs: number,
  sentOne: boolean,
): number | undefined {
  const preDeadline = timeoutMs - BEFORE_DEADLINE_MS;
  // Before 1.27: once, at deadline − 2 s — at once when that has passed (timeoutSeconds ≤ 2),
  // since the cacher puts a past instant in its current one-second bucket.
  if (mode === 'deadline') return sentOne ? undefined : Math.max(0, preDeadline);
  const next = Math.min(nowMs + intervalMs, preDeadline);
  // 1.27+: a re-queue after the pre-deadline bookmark finds that instant passed and stops.
  if (next < nowMs || (sentOne && next <= nowMs)) return undefined;
  return next;
}

/** Arms the timer for one watch's bookmarks; returns the function that cancels it. */
export function scheduleBookmarks(schedule: BookmarkSchedule): () => void {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const arm = (sentOne: boolean) => {
    const now = Date.now() - started;
    const at = nextBookmarkAt(schedule.mode, now, schedule.timeoutMs, schedule.intervalMs, sentOne);
    if (at === undefined) return;
    timer = setTimeout(
      () => {
        schedule.send();
        arm(true);
      },
      Math.max(0, at - now),
    );
  };
  arm(false);
  return () => clearTimeout(timer);
}
