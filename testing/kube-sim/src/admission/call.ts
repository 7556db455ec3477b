import { request as httpsRequest } from 'node:https';
import { isPlainObject } from '../object.js';

export interface WebhookResponse {
  uid?: string;
  allowed: boolean;
  status?: { code?: number; message?: string; reason?: string; details?: Record<string, unknown> };
  patch?: string;
  patchType?: string;
  warnings?: string[];
}

export class WebhookCallError extends Error {}

/** POSTs an AdmissionReview over HTTPS, trusting only the webhook's caBundle when it has one. */
export function callWebhook(
  url: string,
  caBundle: string | undefined,
  review: unknown,
  timeoutSeconds: number,
): Promise<WebhookResponse> {
  const target = new URL(url);
  target.searchParams.set('timeout', `${timeoutSeconds}s`);
  const shown = target.toString();
  const body = JSON.stringify(review);
  return new Promise((resolve, reject) => {
    const fail = (why: string) =>
      reject(new WebhookCallError(`failed to call webhook: Post "${shown}": ${why}`));
    if (target.protocol !== 'https:') {
      fail('webhook URLs must use https');
      return;
    }
    const ca = caBundle ? Buffer.from(caBundle, 'base64').toString('utf8') : undefined;
    const req = httpsRequest(
      target,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
        ...(ca ? { ca } : {}),
        timeout: timeoutSeconds * 1000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
            reject(
              new WebhookCallError(
                `received invalid webhook response: server returned HTTP ${res.statusCode}: ${text.slice(0, 200)}`,
              ),
            );
            return;
          }
          try {
            const parsed = JSON.parse(text) as unknown;
            const response = isPlainObject(parsed) ? parsed.response : undefined;
            if (!isPlainObject(response) || typeof response.allowed !== 'boolean') {
              throw new Error('response.allowed is missing');
            }
            resolve(response as unknown as WebhookResponse);
          } catch (e) {
            reject(
              new WebhookCallError(`received invalid webhook response: ${(e as Error).message}`),
            );
          }
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      fail('context deadline exceeded');
    });
    req.on('error', (e) => fail(e.message));
    req.end(body);
  });
}
