import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { convert } from './convert.js';
import type { WatchEvent, WatchedKind } from './types.js';

export interface ListResult {
  items: unknown[];
  metadata?: { resourceVersion?: string };
}

export interface ReflectorOptions {
  kubeConfig: KubeConfig;
  kind: WatchedKind;
  /** Watch path, e.g. `/apis/apps/v1/deployments` (all namespaces). */
  path: string;
  list: () => Promise<ListResult>;
  onEvent: (event: WatchEvent) => void;
  log: Logger;
  random?: () => number;
}

/**
 * List once, then watch from the list's resourceVersion, like client-go's reflector:
 * - a watch that ends (server timeout, dropped connection) resumes from the last seen
 *   resourceVersion — a WATCH, not a LIST, so a quiet cluster costs nothing;
 * - bookmarks keep that resourceVersion fresh so a resume rarely hits 410;
 * - only 410 Gone (our version left the server's history window) forces a relist, after
 *   which objects that vanished meanwhile are reported as deleted.
 * Keeps just the keys it has seen, not the objects: the cache holds the small shapes.
 */
export function reflect(options: ReflectorOptions) {
  const { kind, path, log } = options;
  const random = options.random ?? Math.random;
  const watch = new Watch(options.kubeConfig);
  const known = new Set<string>();
  let resourceVersion = '';
  let stopped = false;
  let controller: AbortController | undefined;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let resolveSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => {
    resolveSynced = resolve;
  });

  const keyOf = (object: ReturnType<typeof convert>) =>
    `${object.meta.namespace}/${object.meta.name}`;

  async function relist() {
    const result = await options.list();
    const seen = new Set<string>();
    for (const raw of result.items) {
      const object = convert(kind, raw);
      const key = keyOf(object);
      seen.add(key);
      known.add(key);
      options.onEvent({ type: 'upsert', object });
    }
    for (const key of known) {
      if (seen.has(key)) continue;
      known.delete(key);
      const [namespace = '', name = ''] = key.split('/');
      options.onEvent({ type: 'delete', object: convert(kind, { metadata: { name, namespace } }) });
    }
    resourceVersion = result.metadata?.resourceVersion ?? '';
  }

  function handle(phase: string, raw: unknown) {
    const object = raw as { metadata?: { resourceVersion?: string }; code?: number };
    if (phase === 'ERROR') {
      if (object.code === 410) resourceVersion = '';
      return;
    }
    failures = 0;
    if (object.metadata?.resourceVersion) resourceVersion = object.metadata.resourceVersion;
    if (phase === 'BOOKMARK') return;
    const converted = convert(kind, raw);
    const key = keyOf(converted);
    if (phase === 'DELETED') {
      known.delete(key);
      options.onEvent({ type: 'delete', object: converted });
    } else {
      known.add(key);
      options.onEvent({ type: 'upsert', object: converted });
    }
  }

  async function run() {
    if (stopped) return;
    try {
      if (!resourceVersion) await relist();
      resolveSynced();
      controller = await watch.watch(
        path,
        {
          resourceVersion,
          allowWatchBookmarks: true,
          // Like client-go: the server ends each watch after 5–10 minutes so connections
          // rebalance across API servers; we resume from the last resourceVersion.
          timeoutSeconds: Math.floor(300 + random() * 300),
        },
        handle,
        done,
      );
    } catch (error) {
      done(error);
    }
  }

  function done(error: unknown) {
    controller = undefined;
    if (stopped) return;
    const status = (error as { statusCode?: number; code?: number } | null)?.statusCode;
    if (status === 410) resourceVersion = '';
    const timeout = (error as { name?: string } | null)?.name === 'TimeoutError';
    if (!error || timeout) {
      failures = 0;
      void run();
      return;
    }
    failures += 1;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5)) * (0.5 + random() / 2);
    log.warn({ err: error, kind, delayMs: Math.round(delay) }, 'watch failed; retrying');
    timer = setTimeout(() => void run(), delay);
  }

  void run();
  return {
    synced,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
    },
  };
}
