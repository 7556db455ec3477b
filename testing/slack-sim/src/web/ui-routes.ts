import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SignedRequest, SlackRequester } from '../requester.js';
import type { SimWorkspace } from '../workspace.js';
import { readAsset } from './assets.js';
import {
  actionRequest,
  commandRequest,
  forward,
  homeOpenedRequest,
  type UiAnswer,
} from './ui-actions.js';
import { uiState } from './ui-snapshot.js';

/** What the page's routes need of the sim. */
export interface UiHost {
  workspace: SimWorkspace;
  /** Signs requests to the app; undefined until the sim is given an app. */
  appRequester: SlackRequester | undefined;
  onChange(listener: () => void): () => void;
}

/**
 * The page loads only its own files (no CDN, no inline script), so a strict policy
 * costs nothing and keeps rendered message content from ever running as code.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HEARTBEAT_MS = 15_000;

export function isUiPath(path: string): boolean {
  return path === '/' || path === '/favicon.ico' || path.startsWith('/ui/');
}

/**
 * The page's routes: `GET /` (the page), `GET /ui/assets/<file>`, `GET /ui/state?user=`,
 * `GET /ui/events` (server-sent `change` events), and `POST /ui/action`, `/ui/command`,
 * `/ui/home-opened`, which become signed requests to the app — signed here, so the
 * browser never sees the signing secret.
 */
export async function handleUi(
  host: UiHost,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
): Promise<void> {
  const path = url.pathname;
  // Browsers ask for one unprompted; "none" keeps their consoles free of 404s.
  if (path === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  if (req.method === 'GET' && (path === '/' || path.startsWith('/ui/assets/'))) {
    const asset = await readAsset(path === '/' ? 'index.html' : path.slice('/ui/assets/'.length));
    if (!asset)
      return sendJson(res, { status: 404, body: { ok: false, error: `no asset ${path}` } });
    res.writeHead(200, {
      'content-type': asset.contentType,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': CSP,
    });
    res.end(asset.body);
    return;
  }
  if (req.method === 'GET' && path === '/ui/state') {
    const user = url.searchParams.get('user') ?? undefined;
    if (user !== undefined && !host.workspace.user(user)) {
      return sendJson(res, { status: 404, body: { ok: false, error: `no user ${user}` } });
    }
    const app = host.appRequester ? { url: host.appRequester.url } : undefined;
    return sendJson(res, { status: 200, body: { ...uiState(host.workspace, app, user) } });
  }
  if (req.method === 'GET' && path === '/ui/events') return streamChanges(host, req, res);
  const build = POSTS[path];
  if (req.method === 'POST' && build) return sendJson(res, await post(host, req, body, build));
  sendJson(res, { status: 404, body: { ok: false, error: `no page route ${req.method} ${path}` } });
}

type Build = (
  workspace: SimWorkspace,
  requester: SlackRequester,
  body: Record<string, unknown>,
) => SignedRequest | UiAnswer;

const POSTS: Record<string, Build> = {
  '/ui/action': actionRequest,
  '/ui/command': commandRequest,
  '/ui/home-opened': homeOpenedRequest,
};

async function post(
  host: UiHost,
  req: IncomingMessage,
  raw: string,
  build: Build,
): Promise<UiAnswer> {
  // JSON only: a cross-site form cannot send it without a CORS preflight we never allow.
  if (!req.headers['content-type']?.startsWith('application/json')) {
    return {
      status: 415,
      body: { ok: false, error: 'send a JSON body (content-type: application/json)' },
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { status: 400, body: { ok: false, error: 'the body is not valid JSON' } };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { status: 400, body: { ok: false, error: 'send a JSON object' } };
  }
  const requester = host.appRequester;
  if (!requester) {
    return {
      status: 409,
      body: {
        ok: false,
        error:
          'no app to send this to: start the sim with SlackSim.start({ app: { url, signingSecret } }) or call sim.connectApp(...)',
      },
    };
  }
  const request = build(host.workspace, requester, body as Record<string, unknown>);
  return 'status' in request ? request : forward(requester, request);
}

function streamChanges(host: UiHost, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  let seq = 0;
  res.write('retry: 1000\n\n');
  const off = host.onChange(() => {
    seq += 1;
    res.write(`event: change\ndata: ${seq}\n\n`);
  });
  // Proxies and browsers drop silent streams; a comment line keeps it open.
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  req.once('close', () => {
    off();
    clearInterval(heartbeat);
  });
}

function sendJson(res: ServerResponse, answer: UiAnswer): void {
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(answer.body));
}
