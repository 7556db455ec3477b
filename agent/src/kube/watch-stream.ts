import { HttpMethod, type KubeConfig, RequestContext } from '@kubernetes/client-node';
import { Agent, type Dispatcher, fetch } from 'undici';

/**
 * One watch request, held open until the API server ends it.
 *
 * Not client-node's `Watch` (2.0.1): `Watch.watch` arms a private 30 s timer
 * (`requestTimeoutMs = 30000`, not configurable), resets it on every chunk and aborts the
 * request with a TimeoutError when it fires — an idle timeout. A kube-apiserver before 1.27 sends
 * nothing on a quiet resource until 2 s before the watch's deadline (its one bookmark; 1.27+
 * also sends one a minute, still more than 30 s apart), so every quiet watch was cut after 30 s
 * and re-opened, never reaching the 5–10 minute server timeouts (issue 20). The undici
 * dispatcher under it adds a second idle timeout, `bodyTimeout` (300 s by default), which would
 * cut a quiet watch in the same way.
 *
 * Here a quiet watch has no idle timeout at all (`bodyTimeout: 0`). A dead connection is still
 * noticed, two ways:
 * - TCP keepalive after 30 s idle (what client-go's dialer uses): finds a peer that is gone —
 *   host down, connection dropped by a NAT or load balancer. A live peer's kernel answers the
 *   probes even while the watch is silent, so a quiet healthy watch is never cut;
 * - a deadline `graceSeconds` after the watch's own `timeoutSeconds`: the server ends every
 *   watch cleanly at that deadline, so one still open well after it is stuck where keepalive
 *   cannot see (a proxy that keeps our side of the connection up after losing the API server).
 *   client-go notices that case with HTTP/2 pings; HTTP/1.1 through undici has none, and the
 *   deadline bounds the damage to one watch period. The grace covers a slow or skewed server.
 * Headers must arrive within a minute: the server sends them as soon as the watch is
 * registered, and a minute is its own default `--request-timeout`.
 */
export interface WatchTiming {
  /** Each watch asks the server to end it after minTimeoutSeconds × (1 + rand) (client-go's rule). */
  minTimeoutSeconds: number;
  /** How long after that the agent gives up on a watch the server never ended. */
  graceSeconds: number;
}

/** client-go's reflector: watches of 5–10 minutes, so connections rebalance across API servers. */
export const DEFAULT_WATCH_TIMING: WatchTiming = { minTimeoutSeconds: 300, graceSeconds: 30 };

const KEEPALIVE = { keepAlive: true, keepAliveInitialDelay: 30_000 };
const HEADERS_TIMEOUT_MS = 60_000;

export interface WatchRequest {
  kubeConfig: KubeConfig;
  /** Watch path, e.g. `/apis/apps/v1/deployments`. */
  path: string;
  /** Where to resume; empty starts from "now" with the current objects as ADDED. */
  resourceVersion: string;
  timeoutSeconds: number;
  graceSeconds: number;
  /** Aborts the request (the reflector stopping). */
  signal: AbortSignal;
  onEvent(type: string, object: unknown): void;
}

/** The server answered the watch request with an error status. */
export class WatchHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'WatchHttpError';
  }
}

let plainAgent: Agent | undefined;

/**
 * client-node gives a TLS cluster a dispatcher of its own (TCP keepalive after 30 s already set)
 * and a plain-HTTP one none (undici's global: keepalive after 60 s); both get the watch's
 * timeouts per request.
 */
function dispatcherFor(fromConfig: Dispatcher | undefined): Dispatcher {
  plainAgent ??= new Agent({ connect: KEEPALIVE });
  return (fromConfig ?? plainAgent).compose(
    (dispatch) => (options, handler) =>
      dispatch({ ...options, bodyTimeout: 0, headersTimeout: HEADERS_TIMEOUT_MS }, handler),
  );
}

/**
 * Resolves when the server ends the watch (its timeoutSeconds, or after an ERROR event).
 * Rejects with a WatchHttpError for an error status, a TimeoutError when the server let the
 * deadline pass, an AbortError on `signal`, or the network error of a broken connection.
 */
export async function watchOnce(request: WatchRequest): Promise<void> {
  const cluster = request.kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster; set its current-context');
  const url = new URL(cluster.server + request.path);
  url.searchParams.set('watch', 'true');
  url.searchParams.set('allowWatchBookmarks', 'true');
  url.searchParams.set('timeoutSeconds', String(request.timeoutSeconds));
  if (request.resourceVersion) url.searchParams.set('resourceVersion', request.resourceVersion);
  const context = new RequestContext(url.toString(), HttpMethod.GET);
  await request.kubeConfig.applySecurityAuthentication(context);
  const own = context.getDispatcher();
  const deadlineMs = (request.timeoutSeconds + request.graceSeconds) * 1000;
  try {
    const response = await fetch(url, {
      headers: { ...context.getHeaders(), 'User-Agent': 'curfew-agent' },
      dispatcher: dispatcherFor(own),
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(deadlineMs)]),
    });
    if (response.status !== 200) {
      const body = await response.text().catch(() => '');
      throw new WatchHttpError(response.status, statusMessage(response.status, body));
    }
    if (!response.body) return;
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of response.body) {
      pending += decoder.decode(chunk, { stream: true });
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim()) deliver(request, line);
        newline = pending.indexOf('\n');
      }
    }
  } finally {
    // client-node builds a dispatcher per request; ours to close once the watch is over.
    void own?.close().catch(() => {});
  }
}

function deliver(request: WatchRequest, line: string) {
  let event: { type?: unknown; object?: unknown };
  try {
    event = JSON.parse(line) as typeof event;
  } catch {
    // Never skip a line: a lost event would leave the cache wrong until the next relist. The
    // reflector retries and resumes from the last resourceVersion it did see.
    throw new Error(
      `the watch on ${request.path} sent a line that is not JSON: ${line.slice(0, 200)}`,
    );
  }
  request.onEvent(String(event.type), event.object);
}

function statusMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return `HTTP ${status}: ${parsed.message}`;
  } catch {
    // not a Status object
  }
  return `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
}
