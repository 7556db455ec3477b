import type { KubeObject } from './object.js';
import type { ResourceType } from './resources.js';
import { ApiError, badRequest, gone } from './status.js';
import type { Store } from './store.js';

/** What a LIST asked for about consistency: the ListOptions the handler hands to storage. */
export interface ReadQuery {
  resourceVersion?: string | null | undefined;
  resourceVersionMatch?: string | null | undefined;
  limit?: number | undefined;
  continue?: string | null | undefined;
}

/** Where a list reads: `at` a past revision, or the latest state when undefined. */
export interface ReadPoint {
  at: number | undefined;
  /** The list's metadata.resourceVersion, and the revision its continue token carries. */
  listRv: number;
  /** The key a continued list resumes after. */
  start: string;
  /** The page size honoured (the watch cache ignores limit). */
  limit: number | undefined;
}

/** How long the watch cache waits for a resourceVersion it has not seen yet (blockTimeout). */
export const CACHE_WAIT_MS = 3000;

const EXPIRED = 'The resourceVersion for the provided list is too old.';
const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/**
 * The cacher's shouldDelegateList: lists with a limit (unless resourceVersion=0), with a
 * continue token or with resourceVersionMatch=Exact go to etcd; the rest are served by the
 * watch cache, which is never behind a revision it was asked for (it waits, then gives up).
 */
function servedByCache(q: ReadQuery): boolean {
  const rv = q.resourceVersion ?? '';
  const limit = q.limit !== undefined && q.limit > 0;
  return !q.continue && !(limit && rv !== '0') && (q.resourceVersionMatch ?? '') !== 'Exact';
}

/** The resourceVersion a cache-served list must wait for, when it is ahead of the store. */
export function cacheWaitFor(store: Store, q: ReadQuery): number | undefined {
  if (!servedByCache(q)) return undefined;
  const rv = Number(q.resourceVersion ?? '');
  return Number.isSafeInteger(rv) && rv > store.currentRv() ? rv : undefined;
}

/**
 * Resolves where a list reads, as kube-apiserver 1.32 does (cacher.GetList, then etcd3
 * GetList and storage.ValidateListOptions), or throws its error for that request.
 */
export function readPoint(store: Store, rt: ResourceType, q: ReadQuery): ReadPoint {
  const rvParam = q.resourceVersion ?? '';
  const match = q.resourceVersionMatch ?? '';
  const limit = q.limit !== undefined && q.limit > 0 ? q.limit : undefined;
  const current = store.currentRv();
  if (q.continue) {
    const c = decodeContinue(q.continue);
    if (rvParam !== '' && rvParam !== '0') {
      throw badRequest('specifying resource version is not allowed when using continue');
    }
    // A token from an expired continue's Status carries -1: resume at the latest state.
    if (c.rv < 0) return { at: undefined, listRv: current, start: c.start, limit };
    if (!retained(store, rt, c.rv)) {
      throw new ApiError(410, 'Expired', INCONSISTENT_CONTINUE, undefined, {
        continue: encodeContinue(-1, c.start),
      });
    }
    return { at: c.rv, listRv: c.rv, start: c.start, limit };
  }
  const cache = servedByCache(q);
  const rv = parseRv(rvParam, cache);
  if (cache) {
    if (rv > current) throw tooLarge(rv, current, 1);
    // resourceVersion=0 is served from the watch cache, which in 1.32 ignores limit.
    return {
      at: undefined,
      listRv: current,
      start: '',
      limit: rvParam === '0' ? undefined : limit,
    };
  }
  // Exact, or the legacy "limit with a resourceVersion" that means exact too.
  const exact = match === 'Exact' || (match === '' && limit !== undefined && rv > 0) ? rv : 0;
  if (exact > 0) {
    if (exact > current) {
      // etcd's ErrFutureRev, which the handler does not classify: a 500 without a reason.
      throw new ApiError(500, '', 'etcdserver: mvcc: required revision is a future revision');
    }
    if (!retained(store, rt, exact)) throw gone(EXPIRED);
    return { at: exact, listRv: exact, start: '', limit };
  }
  // validateMinimumResourceVersion: NotOlderThan through etcd does not wait.
  if (rv > current) throw tooLarge(rv, current, 0);
  return { at: undefined, listRv: current, start: '', limit };
}

/**
 * The objects of `rt` as they were at revision `rv`: today's, with every retained change after
 * `rv` undone. Key-ordered, like an etcd range read at that revision.
 */
export function objectsAt(store: Store, rt: ResourceType, ns: string | undefined, rv: number) {
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  const byKey = new Map(store.list(rt, undefined).map((o) => [key(o), o]));
  const changes = store.hub.changesAfter(rt, rv) ?? [];
  for (let i = changes.length - 1; i >= 0; i--) {
    const ev = changes[i];
    if (!ev) continue;
    if (ev.type === 'ADDED') byKey.delete(key(ev.object));
    else if (ev.previous) byKey.set(key(ev.object), ev.previous);
  }
  return [...byKey]
    .filter(([, o]) => ns === undefined || o.metadata.namespace === ns)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, o]) => o);
}

function retained(store: Store, rt: ResourceType, rv: number): boolean {
  return store.hub.changesAfter(rt, rv) !== undefined;
}

/**
 * APIObjectVersioner.ParseResourceVersion. The watch cache returns its error as it is (a 500),
 * etcd's ValidateListOptions wraps it in a 400.
 */
function parseRv(rv: string, cache: boolean): number {
  if (rv === '' || rv === '0') return 0;
  if (/^[0-9]+$/.test(rv) && Number.isSafeInteger(Number(rv))) return Number(rv);
  const detail = /^[0-9]+$/.test(rv) ? 'value out of range' : 'invalid syntax';
  const msg = `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: ${detail}`;
  throw cache ? new ApiError(500, '', msg) : badRequest(`invalid resource version: ${msg}`);
}

/** storage.NewTooLargeResourceVersionError: a 504 Timeout asking the client to retry. */
function tooLarge(rv: number, current: number, retryAfterSeconds: number): ApiError {
  const details: NonNullable<ApiError['details']> = {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
  };
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds;
  return new ApiError(
    504,
    'Timeout',
    `Timeout: Too large resource version: ${rv}, current: ${current}`,
    details,
  );
}

/** The real token is base64 JSON {v, rv, start}; clients treat it as opaque but we keep its shape. */
export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      v?: string;
      rv?: number;
      start?: string;
    };
    if (
      parsed.v !== 'meta.k8s.io/v1' ||
      typeof parsed.rv !== 'number' ||
      typeof parsed.start !== 'string'
    ) {
      throw new Error('bad shape');
    }
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw badRequest(
      `continue key is not valid: invalid continue token "${token}"; start a new list without it`,
    );
  }
}
