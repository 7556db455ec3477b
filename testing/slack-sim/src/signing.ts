import { createHmac } from 'node:crypto';

/**
 * Slack's v0 request signature: HMAC-SHA256 over `v0:<timestamp>:<raw body>` keyed by the
 * app's signing secret, hex-encoded and prefixed with `v0=`. The timestamp is in seconds.
 */
export function signSlackRequest(body: string, secret: string, timestamp: number): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:${body}`);
  return `v0=${hmac.digest('hex')}`;
}

/** The two headers Slack adds to every request it sends to an app. */
export function slackSignatureHeaders(
  body: string,
  secret: string,
  timestamp: number,
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  return {
    'x-slack-signature': signSlackRequest(body, secret, timestamp),
    'x-slack-request-timestamp': String(timestamp),
  };
}
