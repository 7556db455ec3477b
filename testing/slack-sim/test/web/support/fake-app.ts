import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Whether X-Slack-Signature matched the body under the app's secret. */
  signatureValid: boolean;
}

/**
 * A tiny app on loopback that records what the sim sends it, checks the signature itself
 * (independently of the sim's signing code) and answers with `status`/`answer`.
 */
export class FakeApp {
  readonly received: ReceivedRequest[] = [];
  status = 200;
  answer = '';
  private requestUrl = '';

  private constructor(
    private readonly server: Server,
    readonly secret: string,
  ) {}

  static async start(secret: string): Promise<FakeApp> {
    const server = createServer();
    const app = new FakeApp(server, secret);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const expected = `v0=${createHmac('sha256', secret)
          .update(`v0:${String(req.headers['x-slack-request-timestamp'])}:${body}`)
          .digest('hex')}`;
        app.received.push({
          headers: req.headers,
          body,
          signatureValid: req.headers['x-slack-signature'] === expected,
        });
        res.writeHead(app.status, { 'content-type': 'application/json' }).end(app.answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    app.requestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    return app;
  }

  /** The request URL (fixed at start, so it can name the app after it is closed). */
  get url(): string {
    return this.requestUrl;
  }

  /** The interaction payload (`payload=` JSON) of the last request. */
  lastPayload(): Record<string, unknown> {
    const last = this.received.at(-1);
    if (!last) throw new Error('the fake app received nothing');
    return JSON.parse(new URLSearchParams(last.body).get('payload') ?? 'null') as Record<
      string,
      unknown
    >;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
