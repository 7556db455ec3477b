import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault } from './faults.js';
import { FaultKnobs } from './faults.js';
import { parseArgs, readBody, tokenOf } from './http-body.js';
import { methods, type SlackResult } from './methods/index.js';
import { SlackRequester } from './requester.js';
import { type ResponseBody, ResponseUrls } from './response-urls.js';
import { handleUi, isUiPath } from './web/ui-routes.js';
import { SimWorkspace } from './workspace.js';

export interface SimCall {
  seq: number;
  /** A Web API method name, or `response_url`. */
  method: string;
  args: Record<string, unknown>;
  at: number;
  status: number;
  response: unknown;
  fault?: Fault['kind'];
}

export interface SlackSimOptions {
  /** The bot token calls must carry (default `xoxb-slack-sim`). */
  token?: string;
  port?: number;
  now?: () => number;
  /**
   * The app the page's clicks and commands go to (its request URL and signing secret);
   * also settable later with `connectApp`, when the app starts after the sim.
   */
  app?: SimApp;
}

export interface SimApp {
  url: string;
  signingSecret: string;
}

/**
 * A Slack Web API stand-in on loopback. Point a WebClient's `slackApiUrl` at `apiUrl`.
 * Every call is recorded in `calls`; `faults` scripts 429s, errors and slow answers;
 * `workspace` holds users, conversations and views as a page would show them.
 */
export class SlackSim {
  readonly token: string;
  readonly workspace: SimWorkspace;
  readonly faults = new FaultKnobs();
  readonly calls: SimCall[] = [];
  readonly responseUrls: ResponseUrls;
  /** Trigger ids handed out in interaction payloads, for views.open. */
  readonly triggers = new Map<string, number>();
  // Each open page holds a `change` listener; a few tabs must not look like a leak.
  private readonly events = new EventEmitter().setMaxListeners(100);
  private readonly now: () => number;
  private server: Server | undefined;
  private baseUrl = '';
  private requester: SlackRequester | undefined;

  private constructor(options: SlackSimOptions) {
    this.token = options.token ?? 'xoxb-slack-sim';
    this.now = options.now ?? Date.now;
    this.workspace = new SimWorkspace(this.now);
    this.responseUrls = new ResponseUrls(this.workspace, this.now);
    if (options.app) this.connectApp(options.app);
  }

  /** Where the page's clicks and slash commands go, signed with the app's secret. */
  connectApp(app: SimApp): void {
    this.requester = new SlackRequester({ ...app, sim: this, now: this.now });
  }

  /** The requester the page uses, once an app is connected. */
  get appRequester(): SlackRequester | undefined {
    return this.requester;
  }

  /** Calls `listener` after anything that may change what the page shows; returns `off`. */
  onChange(listener: () => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  static async start(options: SlackSimOptions = {}): Promise<SlackSim> {
    const sim = new SlackSim(options);
    const server = createServer((req, res) => {
      sim.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    sim.server = server;
    sim.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return sim;
  }

  /** The WebClient's `slackApiUrl` (ends with `/`). */
  get apiUrl(): string {
    return `${this.baseUrl}api/`;
  }

  get url(): string {
    return this.baseUrl;
  }

  callsTo(method: string): SimCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** A trigger id as Slack puts in an interaction payload (valid for 3 s for views.open). */
  mintTriggerId(): string {
    const id = this.workspace.ids.triggerId();
    this.triggers.set(id, this.now());
    return id;
  }

  /** A response_url for an interaction in `channel` by `userId`. */
  mintResponseUrl(binding: { channel: string; userId: string; messageTs?: string }): string {
    return `${this.baseUrl}response/${encodeURIComponent(this.responseUrls.mint(binding))}`;
  }

  /** Records an app's immediate answer to a slash command, as Slack shows it. */
  recordImmediateAnswer(responseUrl: string, body: ResponseBody): void {
    const id = this.responseUrlId(responseUrl);
    if (id !== undefined) this.responseUrls.recordImmediateAnswer(id, body);
    this.events.emit('change');
  }

  /** Resolves with the first recorded call (past or future) that matches. */
  waitForCall(
    method: string,
    matches: (call: SimCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<SimCall> {
    const found = this.calls.find((c) => c.method === method && matches(c));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: SimCall) => {
        if (call.method !== method || !matches(call)) return;
        clearTimeout(timer);
        this.events.off('call', onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        const seen = this.calls.map((c) => c.method).join(', ') || 'none';
        reject(
          new Error(`slack-sim: no matching ${method} call within ${timeoutMs} ms (seen: ${seen})`),
        );
      }, timeoutMs);
      this.events.on('call', onCall);
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname;
    const body = await readBody(req);
    if (isUiPath(path)) {
      await handleUi(this, req, res, url, body);
      return;
    }
    if (req.method === 'POST' && path.startsWith('/api/')) {
      await this.handleApi(path.slice('/api/'.length), req, body, res);
      return;
    }
    if (req.method === 'POST' && path.startsWith('/response/')) {
      this.handleResponseUrl(decodeURIComponent(path.slice('/response/'.length)), body, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('slack-sim: no such endpoint');
  }

  private async handleApi(
    method: string,
    req: IncomingMessage,
    body: string,
    res: ServerResponse,
  ): Promise<void> {
    let args: Record<string, unknown>;
    try {
      args = parseArgs(body, req.headers['content-type']);
    } catch {
      this.answer(res, method, {}, 200, { ok: false, error: 'invalid_json' });
      return;
    }
    const token = tokenOf(req, args);
    if (token === undefined) {
      this.answer(res, method, args, 200, { ok: false, error: 'not_authed' });
      return;
    }
    if (token !== this.token) {
      this.answer(res, method, args, 200, { ok: false, error: 'invalid_auth' });
      return;
    }
    const handler = methods[method];
    if (!handler) {
      this.answer(res, method, args, 200, { ok: false, error: 'unknown_method' });
      return;
    }
    const fault = this.faults.take(method);
    if (fault?.kind === 'rateLimit') {
      res.setHeader('retry-after', String(fault.retryAfterSeconds));
      this.answer(res, method, args, 429, { ok: false, error: 'ratelimited' }, fault.kind);
      return;
    }
    if (fault?.kind === 'fail') {
      this.answer(res, method, args, 200, { ok: false, error: fault.error }, fault.kind);
      return;
    }
    if (fault?.kind === 'httpError') {
      this.answer(res, method, args, fault.status, { ok: false, error: 'fatal_error' }, fault.kind);
      return;
    }
    const result: SlackResult = handler(
      { workspace: this.workspace, now: this.now, triggers: this.triggers },
      args,
    );
    if (fault?.kind === 'delay') {
      // Record now (the work is done), answer later: the caller may have given up by then.
      const call = this.record(method, args, 200, result, fault.kind);
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (!res.destroyed) this.write(res, call.status, result);
      return;
    }
    this.answer(res, method, args, 200, result);
  }

  private handleResponseUrl(id: string, body: string, res: ServerResponse): void {
    let parsed: ResponseBody;
    try {
      parsed = JSON.parse(body) as ResponseBody;
    } catch {
      this.answer(res, 'response_url', { id }, 400, { ok: false, error: 'invalid_json' });
      return;
    }
    const outcome = this.responseUrls.use(id, parsed);
    const args = { id, ...parsed };
    if (!outcome.ok) {
      this.answer(res, 'response_url', args, outcome.status, { ok: false, error: outcome.error });
      return;
    }
    this.answer(res, 'response_url', args, 200, { ok: true });
  }

  private answer(
    res: ServerResponse,
    method: string,
    args: Record<string, unknown>,
    status: number,
    response: unknown,
    fault?: Fault['kind'],
  ): void {
    this.record(method, args, status, response, fault);
    this.write(res, status, response);
  }

  private write(res: ServerResponse, status: number, response: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(response));
  }

  private record(
    method: string,
    args: Record<string, unknown>,
    status: number,
    response: unknown,
    fault?: Fault['kind'],
  ): SimCall {
    const { token: _token, ...rest } = args;
    const call: SimCall = {
      seq: this.calls.length + 1,
      method,
      args: rest,
      at: this.now(),
      status,
      response,
      ...(fault === undefined ? {} : { fault }),
    };
    this.calls.push(call);
    this.events.emit('call', call);
    this.events.emit('change');
    return call;
  }

  private responseUrlId(responseUrl: string): string | undefined {
    const prefix = `${this.baseUrl}response/`;
    return responseUrl.startsWith(prefix)
      ? decodeURIComponent(responseUrl.slice(prefix.length))
      : undefined;
  }
}
