import type { Logger } from 'pino';
import { convert } from './convert.js';
import type { KubeHttp } from './http/index.js';
import type { WatchEvent, WatchedKind } from './types.js';
import { DEFAULT_WATCH_TIMING, type WatchTiming, watchOnce } from './watch-stream.js';

export interface ListResult {
  items: unknown[];
  metadata?: { resourceVersion?: string };
}

export interface ReflectorOptions {
  http: KubeHttp;
  kind: WatchedKind;
  /** Watch path, e.g. `/apis/apps/v1/deployments` (all namespaces). */
  path: string;
  list: () => Promise<ListResult>;
  onEvent: (event: WatchEvent) => void;
  log: Logger;
  random?: () => number;
  timing?: WatchTiming;
}

/** client-go's reflector: a watch that ends within a second having sent nothing is a failure. */
const SHORTEST_HEALTHY_WATCH_MS = 1000;

/**
 * List once, then watch from the list's resourceVersion, like client-go's reflector:
 * - each watch runs until the server ends it at its timeoutSeconds (5–10 minutes; no
 *   client-side idle timeout, see watch-stream.ts), then resumes from the last seen
 *   resourceVersion — a WATCH, not a LIST, so a quiet cluster costs one request per period;
 * - a dropped connection or a failing server is retried with jittered back-off;
 * - bookmarks keep that resourceVersion fresh so a resume rarely hits 410;
 * - only 410 Gone (our version left the server's history window) forces a relist, after
 *   which objects that vanished meanwhile are reported as deleted.
 * Keeps just the names it has seen, not the objects: the cache holds the small shapes.
 */
export function reflect(options: ReflectorOptions) {
  const { kind, path, log } = options;
  const random = options.random ?? Math.random;
  const timing = options.timing ?? DEFAULT_WATCH_TIMING;
  const known = new KnownNames();
  const stopping = new AbortController();
  let resourceVersion = '';
  let resolveSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => {
    resolveSynced = resolve;
  });

  async function relist() {
    const result = await options.list();
    if (stopping.signal.aborted) return;
    const seen = new KnownNames();
    for (const raw of result.items) {
      const object = convert(kind, raw);
      seen.add(object.meta.namespace, object.meta.name);
      known.add(object.meta.namespace, object.meta.name);
      options.onEvent({ type: 'upsert', object });
    }
    for (const [namespace, name] of known.entries()) {
      if (seen.has(namespace, name)) continue;
      known.delete(namespace, name);
      options.onEvent({ type: 'delete', object: convert(kind, { metadata: { name, namespace } }) });
    }
    resourceVersion = result.metadata?.resourceVersion ?? '';
  }

  /** Follows one watch to its end; returns what went wrong, if anything. */
  async function watchUntilEnded(): Promise<unknown> {
    let events = 0;
    let serverError: unknown;
    const started = Date.now();
    await watchOnce({
      http: options.http,
      path,
      resourceVersion,
      timeoutSeconds: Math.floor(timing.minTimeoutSeconds * (1 + random())),
      graceSeconds: timing.graceSeconds,
      signal: stopping.signal,
      onEvent: (phase, raw) => {
        events += 1;
        const object = raw as { metadata?: { resourceVersion?: string }; code?: number };
        if (phase === 'ERROR') {
          // 410 Gone: our version left the server's history window; relist at once. Any
          // other ERROR (the server then ends the watch) is a failure to back off from.
          if (object.code === 410) resourceVersion = '';
          else serverError = Object.assign(new Error('the watch ended with an ERROR event'), raw);
          return;
        }
        if (object.metadata?.resourceVersion) resourceVersion = object.metadata.resourceVersion;
        if (phase === 'BOOKMARK') return;
        const converted = convert(kind, raw);
        const { namespace, name } = converted.meta;
        if (phase === 'DELETED') {
          known.delete(namespace, name);
          options.onEvent({ type: 'delete', object: converted });
        } else {
          known.add(namespace, name);
          options.onEvent({ type: 'upsert', object: converted });
        }
      },
    });
    if (serverError) return serverError;
    if (events === 0 && Date.now() - started < SHORTEST_HEALTHY_WATCH_MS) {
      return new Error('very short watch: the server ended it at once without any event');
    }
    return undefined;
  }

  async function run() {
    let failures = 0;
    while (!stopping.signal.aborted) {
      let failure: unknown;
      try {
        if (!resourceVersion) await relist();
        resolveSynced();
        failure = await watchUntilEnded();
      } catch (error) {
        if (stopping.signal.aborted) return;
        if ((error as { name?: string } | null)?.name === 'TimeoutError') {
          // The server let the watch's own deadline pass: a stuck connection, not a failing
          // server. Resume from where it was on a fresh connection.
          log.warn({ kind }, 'watch outlived its timeoutSeconds; re-opening');
          continue;
        }
        failure = error;
      }
      // Ended by the server (its timeoutSeconds, or 410 Gone): resume at once — a WATCH from
      // the last resourceVersion, so a quiet cluster costs one request per watch period.
      if (!failure) {
        failures = 0;
        continue;
      }
      if ((failure as { statusCode?: number }).statusCode === 410) resourceVersion = '';
      failures += 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5)) * (0.5 + random() / 2);
      log.warn({ err: failure, kind, delayMs: Math.round(delay) }, 'watch failed; retrying');
      await pause(delay, stopping.signal);
    }
  }

  void run();
  return {
    synced,
    stop: async () => {
      stopping.abort();
    },
  };
}

/**
 * The names a reflector has seen, by namespace: the same string objects the cached shapes hold,
 * so remembering 20,000 Pods costs set entries, not 20,000 `namespace/name` strings.
 */
class KnownNames {
  private readonly byNamespace = new Map<string, Set<string>>();

  add(namespace: string, name: string): void {
    let names = this.byNamespace.get(namespace);
    if (!names) {
      names = new Set();
      this.byNamespace.set(namespace, names);
    }
    names.add(name);
  }

  has(namespace: string, name: string): boolean {
    return this.byNamespace.get(namespace)?.has(name) ?? false;
  }

  delete(namespace: string, name: string): void {
    const names = this.byNamespace.get(namespace);
    if (!names) return;
    names.delete(name);
    if (names.size === 0) this.byNamespace.delete(namespace);
  }

  /** A snapshot, so entries can be deleted while iterating. */
  entries(): [string, string][] {
    const all: [string, string][] = [];
    for (const [namespace, names] of this.byNamespace) {
      for (const name of names) all.push([namespace, name]);
    }
    return all;
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
