/**
 * What a failed Web API call means for the outbox.
 *
 * - `rate-limited`: Slack answered 429 and did nothing; wait `retryAfterMs`.
 * - `uncertain`: no answer (timeout, connection reset) or a 5xx — Slack may or may not
 *   have done it, so a post must be reconciled before it is retried.
 * - `transient`: Slack said it failed and it is worth retrying (`internal_error`…).
 * - `permanent`: retrying cannot help (`channel_not_found`, `invalid_blocks`…).
 */
export type SlackFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'uncertain'; message: string }
  | { kind: 'transient'; message: string }
  | { kind: 'permanent'; error: string };

const TRANSIENT_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'team_added_to_org',
]);

interface ErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  data?: { error?: unknown };
  statusCode?: unknown;
  original?: unknown;
  originalError?: unknown;
  message?: unknown;
}

/** Classifies an error thrown by @slack/web-api's WebClient (or a response_url POST). */
export function classifySlackFailure(error: unknown): SlackFailure {
  // p-retry wraps errors it must not retry; unwrap to the WebClient's own error.
  const raw = error as ErrorShape | undefined;
  const e = (raw?.originalError as ErrorShape | undefined) ?? raw;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : 1;
      return { kind: 'rate-limited', retryAfterMs: Math.max(seconds, 1) * 1000 };
    }
    case 'slack_webapi_platform_error': {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      return TRANSIENT_ERRORS.has(code)
        ? { kind: 'transient', message: code }
        : { kind: 'permanent', error: code };
    }
    case 'slack_webapi_http_error':
      return { kind: 'uncertain', message };
    default:
      return { kind: 'uncertain', message };
  }
}
