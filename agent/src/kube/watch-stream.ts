import type { IncomingMessage } from 'node:http';
import { type KubeHttp, readText, statusBody } from './http/index.js';

/**
 * One watch request, held open until the API server ends it.
 *
 * Not client-node's `Watch` (2.0.1, which the agent used to run on): `Watch.watch` arms a private 30 s timer
 * (`requestTimeoutMs = 30000`, not configurable), resets it on every chunk and aborts the
 * request with a TimeoutError when it fires — an idle timeout. A kube-apiserver before 1.27 sends
 * nothing on a quiet resource until 2 s before the watch's deadline (its one bookmark; 1.27+
 * also sends one a minute, still more than 30 s apart), so every quiet watch was cut after 30 s
 * and re-opened, never reaching the 5–10 minute server timeouts (issue 20).
 *
 * Here a quiet watch has no idle timeout at all (`idleTimeoutMs: 0`). A dead connection is still
 * noticed, two ways:
 * - TCP keepalive after 30 s idle (what client-go's dialer uses): finds a peer that is gone —
 *   host down, connection dropped by a NAT or load balancer. A live peer's kernel answers the
 *   probes even while the watch is silent, so a quiet healthy watch is never cut;
 * - a deadline `graceSeconds` after the watch's own `timeoutSeconds`: the server ends every
 *   watch cleanly at that deadline, so one still open well after it is stuck where keepalive
 *   cannot see (a proxy that keeps our side of the connection up after losing the API server).
 *   client-go notices that case with HTTP/2 pings; HTTP/1.1 has none, and the
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

const HEADERS_TIMEOUT_MS = 60_000;

export interface WatchRequest {
  http: KubeHttp;
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

/**
 * Resolves when the server ends the watch (its timeoutSeconds, or after an ERROR event).
 * Rejects with a WatchHttpError for an error status, a TimeoutError when the server let the
 * deadline pass, an AbortError on `signal`, a HeadersTimeoutError when the server did not answer
 * within a minute, or the network error of a broken connection.
 */
export async function watchOnce(request: WatchRequest): Promise<void> {
  const deadline = AbortSignal.timeout((request.timeoutSeconds + request.graceSeconds) * 1000);
  const headers = new AbortController();
  const headersTimer = setTimeout(() => {
    headers.abort(
      Object.assign(
        new Error(
          `the API server did not answer the watch on ${request.path} within ${HEADERS_TIMEOUT_MS / 1000} s`,
        ),
        {
          name: 'HeadersTimeoutError',
        },
      ),
    );
  }, HEADERS_TIMEOUT_MS);
  const signal = AbortSignal.any([request.signal, deadline, headers.signal]);
  // What ended it, rather than node:http's generic AbortError.
  const why = (error: unknown) => {
    if (request.signal.aborted) return error;
    if (deadline.aborted) return deadline.reason as unknown;
    if (headers.signal.aborted) return headers.signal.reason as unknown;
    return error;
  };
  let response: IncomingMessage;
  try {
    response = await request.http.open('GET', request.path, {
      query: {
        watch: 'true',
        allowWatchBookmarks: 'true',
        timeoutSeconds: request.timeoutSeconds,
        ...(request.resourceVersion ? { resourceVersion: request.resourceVersion } : {}),
      },
      signal,
      idleTimeoutMs: 0,
    });
  } catch (error) {
    throw why(error);
  } finally {
    clearTimeout(headersTimer);
  }
  try {
    if (response.statusCode !== 200) {
      const body = await readText(response).catch(() => '');
      throw new WatchHttpError(
        response.statusCode ?? 0,
        statusMessage(response.statusCode ?? 0, body),
      );
    }
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of response) {
      pending += decoder.decode(chunk as Buffer, { stream: true });
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim()) deliver(request, line);
        newline = pending.indexOf('\n');
      }
    }
  } catch (error) {
    // A line the agent cannot read or an error status ends the watch here; drop the connection.
    response.destroy();
    throw why(error);
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
  const { message } = statusBody(body);
  return `HTTP ${status}${message ? `: ${message.slice(0, 200)}` : ''}`;
}
