/**
 * POSTs to an interaction's response_url, failing the way the WebClient fails so the
 * outbox treats both alike: 429 → rate limited, 404 (expired or used up) → permanent,
 * anything else unexpected → outcome unknown.
 */
export function responseUrlPoster(timeoutMs: number) {
  return async (url: string, body: Record<string, unknown>): Promise<void> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status === 200) return;
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after') ?? '1') || 1;
      throw Object.assign(new Error('response_url rate limited'), {
        code: 'slack_webapi_rate_limited_error',
        retryAfter,
      });
    }
    if (response.status === 404 || response.status === 400) {
      let error = `http_${response.status}`;
      try {
        error = (JSON.parse(text) as { error?: string }).error ?? error;
      } catch {}
      throw Object.assign(new Error(`response_url refused: ${error}`), {
        code: 'slack_webapi_platform_error',
        data: { ok: false, error },
      });
    }
    throw Object.assign(new Error(`response_url answered HTTP ${response.status}`), {
      code: 'slack_webapi_http_error',
    });
  };
}
