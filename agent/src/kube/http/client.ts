import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createSecureContext } from 'node:tls';
import { http } from '../../node-http.js';
import { KubeError } from '../errors.js';
import type { KubeTarget } from './target.js';

/**
 * The agent's HTTP client for the Kubernetes API: node:http(s) with one keep-alive agent, JSON
 * in and out. Not @kubernetes/client-node: importing it alone costs ~90 MiB of RSS (its
 * KubeConfig pulls in the generated model classes and every auth provider), about the whole
 * memory budget of the agent, for the twenty-odd requests the agent makes (agent/README.md,
 * "Memory").
 *
 * - Connections are kept alive between requests and closed after 4 s idle (undici's default,
 *   what client-node used): an idle connection the server has already closed would fail the
 *   next request with ECONNRESET. A GET that still meets that race is sent once more.
 * - TCP keepalive after 30 s idle on every connection (client-go's dialer): a peer that is gone
 *   is noticed even on a silent watch.
 * - A request whose connection is silent for a minute (the API server's own default
 *   --request-timeout) fails; watches pass `idleTimeoutMs: 0`, since a quiet watch is silent.
 */
const IDLE_CONNECTION_MS = 4_000;
const TCP_KEEPALIVE_MS = 30_000;
export const REQUEST_IDLE_TIMEOUT_MS = 60_000;
const USER_AGENT = 'curfew-agent';

export type Query = Record<string, string | number | boolean | undefined>;

export interface OpenOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Content-Type of the body; `application/json` by default. */
  contentType?: string;
  signal?: AbortSignal;
  /** How long the connection may stay silent; 0 for never (watches). */
  idleTimeoutMs?: number;
}

export class KubeHttp {
  private readonly agent: HttpAgent;
  private readonly send: typeof http.request;

  constructor(readonly target: KubeTarget) {
    const common = {
      keepAlive: true,
      keepAliveMsecs: TCP_KEEPALIVE_MS,
      timeout: IDLE_CONNECTION_MS,
    };
    if (target.server.startsWith('https:')) {
      // One TLS context for every connection: tls.connect would otherwise parse the CA and
      // the client certificate again for each.
      const secureContext = createSecureContext({
        ...(target.ca !== undefined ? { ca: target.ca } : {}),
        ...(target.cert !== undefined ? { cert: target.cert, key: target.key } : {}),
      });
      this.agent = new HttpsAgent({
        ...common,
        secureContext,
        ...(target.tlsServerName ? { servername: target.tlsServerName } : {}),
        rejectUnauthorized: !target.insecureSkipTlsVerify,
      });
      this.send = httpsRequest;
    } else {
      this.agent = new http.Agent(common);
      this.send = http.request;
    }
  }

  /** The raw response, whatever its status; the caller reads (or discards) the body. */
  async open(method: string, path: string, options: OpenOptions = {}): Promise<IncomingMessage> {
    const url = new URL(this.target.server + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string | number> = {
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
    };
    const token = await this.target.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload: Buffer | undefined;
    if (options.body !== undefined) {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const idle = options.idleTimeoutMs ?? REQUEST_IDLE_TIMEOUT_MS;
    const attempt = () =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const req = this.send(url, {
          method,
          headers,
          agent: this.agent,
          timeout: idle,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        req.on('socket', (socket) => socket.setKeepAlive(true, TCP_KEEPALIVE_MS));
        if (idle > 0) {
          req.on('timeout', () =>
            req.destroy(new Error(`the API server sent nothing for ${idle / 1000} s`)),
          );
        }
        req.on('response', resolve);
        req.on('error', (error) => reject(Object.assign(error, { reused: req.reusedSocket })));
        req.end(payload);
      });
    try {
      return await attempt();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reused = (error as { reused?: boolean }).reused;
      if (method === 'GET' && reused && (code === 'ECONNRESET' || code === 'EPIPE')) {
        return attempt();
      }
      throw error;
    }
  }

  /**
   * One request, its JSON answer parsed. Every failure is a KubeError: the status, the Status
   * object's reason and message, and Retry-After; status 0 when no answer came at all.
   */
  async request<T>(method: string, path: string, options: OpenOptions = {}): Promise<T> {
    let response: IncomingMessage;
    let text: string;
    try {
      response = await this.open(method, path, options);
      text = await readText(response);
    } catch (error) {
      // No HTTP answer at all (refused, reset, DNS, silence): transient by nature.
      throw new KubeError(`request failed: ${(error as Error).message}`, 0, 'ConnectionFailed');
    }
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      const body = statusBody(text);
      const retryAfter = Number(response.headers['retry-after']);
      throw new KubeError(
        body.message ?? `HTTP ${status}`,
        status,
        body.reason ?? '',
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      );
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeError(
        `${method} ${path} answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`,
        status,
        'InvalidResponse',
      );
    }
  }

  /** Closes idle connections; open watches end with their own signals. */
  close(): void {
    this.agent.destroy();
  }
}

/**
 * The whole body as a string, decoded chunk by chunk as it arrives: a LIST page (hundreds of kB)
 * is never copied into one more Buffer, which malloc would keep around after it is freed.
 */
export async function readText(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let text = '';
  for await (const chunk of response) text += chunk as string;
  return text;
}

/** A Kubernetes Status object's message and reason, or the raw text as the message. */
export function statusBody(text: string): { message?: string; reason?: string } {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; reason?: unknown } | null;
    return {
      ...(typeof parsed?.message === 'string' ? { message: parsed.message } : {}),
      ...(typeof parsed?.reason === 'string' ? { reason: parsed.reason } : {}),
    };
  } catch {
    return text ? { message: text.slice(0, 500) } : {};
  }
}
