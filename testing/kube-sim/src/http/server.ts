import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN, type UserInfo } from '../admission-types.js';
import type { Api } from '../api.js';
import { servedTypes } from '../custom-resources.js';
import { negotiateDiscovery } from '../discovery-aggregated.js';
import type { Faults } from '../faults.js';
import { checkUnknownFields, fieldValidation, warningHeaders } from '../field-validation.js';
import { validateListOptions } from '../list-options.js';
import { CACHE_WAIT_MS, cacheWaitFor } from '../list-read.js';
import type { KubeObject } from '../object.js';
import { isPlainObject } from '../object.js';
import { OPENAPI_V2_PROTO, openApiV2Json, openApiV2Proto } from '../openapi.js';
import { parsePatchBody, patchKind } from '../patch/index.js';
import type { DeleteOptions } from '../registry.js';
import type { RequestLog, RequestRecord } from '../request-log.js';
import type { ResourceType } from '../resources.js';
import { answerReview } from '../review.js';
import {
  ApiError,
  badRequest,
  internal,
  methodNotSupported,
  pathNotFound,
  tooManyRequests,
  unauthorized,
} from '../status.js';
import { sendAggregatedDiscovery } from './aggregated-discovery.js';
import { parseObjectBody, readBody } from './body.js';
import { nonResourceBody } from './non-resource.js';
import type { ResourceRoute } from './route.js';
import { methodNotAllowed, resolveRoute } from './route.js';
import { includeObject, toTable, wantsTable } from './table.js';
import type { WatchContext } from './watch.js';
import { serveWatch } from './watch.js';

export interface HandlerDeps extends WatchContext {
  api: Api;
  faults: Faults;
  log: RequestLog;
  token: string | undefined;
  /** Other bearer tokens and whom they authenticate. */
  users: ReadonlyMap<string, UserInfo>;
  now: () => number;
  serverAddress: () => string;
}

const OPEN_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);
const HEALTH = new Set(['/healthz', '/livez', '/readyz']);

function send(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError): void {
  const headers: Record<string, string> = {};
  const retry = err.details?.retryAfterSeconds;
  if (retry !== undefined) headers['Retry-After'] = String(retry);
  send(res, err.code, err.toStatus(), headers);
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw badRequest(`${name} must be an integer, got ${JSON.stringify(v)}`);
  return n;
}

function dryRun(q: URLSearchParams): boolean {
  const v = q.getAll('dryRun');
  if (v.length === 0) return false;
  if (v.every((x) => x === 'All')) return true;
  throw badRequest(`Invalid dryRun value: ${JSON.stringify(v)}; the only supported value is "All"`);
}

/** The request handler: auth, faults, logging, then discovery or the resource verbs. */
export function createHandler(deps: HandlerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://kube-sim');
    const method = req.method ?? 'GET';
    // The real filter chain stamps every answer, errors and /healthz included: WithAuditInit
    // (Audit-Id, echoing a client-sent one) and WithCacheControl (no caching of API data).
    const auditId = req.headers['audit-id'];
    res.setHeader('Audit-Id', typeof auditId === 'string' && auditId ? auditId : randomUUID());
    res.setHeader('Cache-Control', 'no-cache, private');
    // The CRDs in the store define more types: looked up per request, as CRDs come and go.
    const types = servedTypes(deps.store);
    const route = resolveRoute(method, url.pathname, url.searchParams, types);
    const record: RequestRecord = {
      method,
      path: url.pathname,
      query: url.search,
      verb: route?.verb ?? method.toLowerCase(),
      resource: route?.rt.plural ?? '',
      subresource: route?.subresource ?? '',
      namespace: route?.namespace,
      name: route?.name,
      code: 0,
      userAgent: String(req.headers['user-agent'] ?? ''),
    };
    res.on('finish', () => {
      record.code = res.statusCode;
    });
    deps.log.add(record);
    handle(deps, req, res, url, route, types).catch((e: unknown) => {
      const err = e instanceof ApiError ? e : internal((e as Error)?.message ?? String(e));
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, err);
    });
  };
}

async function handle(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route: ResourceRoute | undefined,
  types: readonly ResourceType[],
): Promise<void> {
  let user: UserInfo = ADMIN;
  if (deps.token !== undefined && !OPEN_PATHS.has(url.pathname)) {
    const auth = req.headers.authorization ?? '';
    const other = auth.startsWith('Bearer ') ? deps.users.get(auth.slice(7)) : undefined;
    if (other) user = other;
    else if (auth !== `Bearer ${deps.token}`) throw unauthorized();
  }
  if (deps.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.faults.latencyMs));
  if (methodNotAllowed(req.method ?? 'GET', url.pathname, url.searchParams, types)) {
    res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('405: Method Not Allowed');
    return;
  }
  if (!route) {
    if (req.method === 'GET' && HEALTH.has(url.pathname)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/openapi/v2') {
      if ((req.headers.accept ?? '').includes(OPENAPI_V2_PROTO)) {
        // kube-openapi answers protobuf as octet-stream; the Accept value is not a parseable media type.
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.end(openApiV2Proto());
        return;
      }
      return send(res, 200, openApiV2Json());
    }
    if (req.method === 'GET' && (url.pathname === '/api' || url.pathname === '/apis')) {
      const v = negotiateDiscovery(req.headers.accept);
      if (v) return sendAggregatedDiscovery(req, res, url.pathname, v, types);
    }
    const body =
      req.method === 'GET' ? nonResourceBody(url.pathname, deps.serverAddress(), types) : undefined;
    if (body === undefined) throw pathNotFound();
    return send(res, 200, body);
  }
  const fault = deps.faults.pickError(route.verb, route.rt.plural);
  if (fault) {
    throw fault.code === 429
      ? tooManyRequests(fault.retryAfterSeconds ?? 1)
      : internal('injected fault');
  }
  await serveResource(deps, req, res, url.searchParams, route, user);
}

async function serveResource(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  q: URLSearchParams,
  route: ResourceRoute,
  user: UserInfo,
): Promise<void> {
  const { api } = deps;
  const { rt, name, subresource: sub } = route;
  const ns = route.namespace ?? '';
  const table = wantsTable(req.headers.accept);
  if (
    rt.namespaced &&
    route.namespace === undefined &&
    !['list', 'watch', 'deletecollection'].includes(route.verb)
  ) {
    throw pathNotFound();
  }
  // The real default field manager is the User-Agent up to its first '/' (e.g. `kubectl`).
  const ua = String(req.headers['user-agent'] ?? 'unknown');
  const requestOptions: Record<string, unknown> = {};
  if (q.getAll('dryRun').length > 0) requestOptions.dryRun = q.getAll('dryRun');
  for (const k of ['fieldManager', 'fieldValidation']) {
    const v = q.get(k);
    if (v) requestOptions[k] = v;
  }
  const opts = {
    dryRun: dryRun(q),
    manager: q.get('fieldManager') ?? ua.split('/')[0] ?? 'unknown',
    requestOptions,
    user,
  };
  if (rt.review) {
    if (route.verb !== 'create') throw methodNotSupported(rt, route.verb);
    const body = parseObjectBody(await readBody(req), req.headers['content-type']);
    return send(res, 201, answerReview(rt, body, user));
  }
  if (sub === 'log' && rt.kind === 'Pod' && route.verb === 'get') {
    // No containers run, so there is nothing to log; the pod must exist all the same.
    api.get(rt, ns, name ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('');
    return;
  }
  switch (route.verb) {
    case 'get': {
      const o = api.get(rt, ns, name ?? '', sub);
      if (table && sub === '') {
        const meta = { resourceVersion: o.metadata.resourceVersion ?? '' };
        return send(res, 200, toTable(rt, [o], meta, deps.now(), includeObject(q)));
      }
      return send(res, 200, o);
    }
    case 'list': {
      if (sub !== '') throw pathNotFound();
      validateListOptions(q, false);
      const query = {
        labelSelector: q.get('labelSelector'),
        fieldSelector: q.get('fieldSelector'),
        limit: intParam(q, 'limit'),
        continue: q.get('continue'),
        resourceVersion: q.get('resourceVersion'),
        resourceVersionMatch: q.get('resourceVersionMatch'),
      };
      // The watch cache waits (up to 3 s) for a resourceVersion it has not reached yet.
      const waitFor = cacheWaitFor(api.store, query);
      if (waitFor !== undefined) await api.store.waitForRv(waitFor, CACHE_WAIT_MS);
      const list = api.list(rt, route.namespace, query);
      if (table) {
        return send(res, 200, toTable(rt, list.items, list.metadata, deps.now(), includeObject(q)));
      }
      return send(res, 200, list);
    }
    case 'watch': {
      const include = table ? includeObject(q) : 'Metadata';
      const render = table
        ? (o: KubeObject) =>
            toTable(
              rt,
              [o],
              { resourceVersion: o.metadata.resourceVersion ?? '' },
              deps.now(),
              include,
            )
        : undefined;
      serveWatch(deps, { rt, namespace: route.namespace, name, query: q, render }, req, res);
      return;
    }
    case 'create': {
      if (sub !== '') throw methodNotSupported(rt, 'create');
      const body = parseObjectBody(await readBody(req), req.headers['content-type']);
      warn(res, checkUnknownFields(rt, body, fieldValidation(q), true), req);
      const created = await api.create(rt, ns, body, opts);
      return send(res, 201, created);
    }
    case 'update': {
      const body = parseObjectBody(await readBody(req), req.headers['content-type']);
      if (sub === '') warn(res, checkUnknownFields(rt, body, fieldValidation(q), true), req);
      const out = await api.update(rt, ns, name ?? '', sub, body, opts);
      return send(res, 200, out);
    }
    case 'patch': {
      const kind = patchKind(req.headers['content-type'], !rt.custom);
      const patch = parsePatchBody(kind, (await readBody(req)).toString('utf8'));
      // A merge-style patch's unknown fields are the patched object's; apply is schema-checked
      // differently (structured-merge-diff) and JSON patches are not checked here.
      if (sub === '' && (kind === 'merge' || kind === 'strategic'))
        warn(res, checkUnknownFields(rt, patch, fieldValidation(q), false), req);
      const existed = api.store.get(rt, ns, name ?? '') !== undefined;
      const out = await api.patch(rt, ns, name ?? '', sub, kind, patch, {
        ...opts,
        fieldManager: q.get('fieldManager') ?? undefined,
        force: q.get('force') === 'true',
      });
      // Server-side apply that creates the object answers 201 Created, like a POST.
      return send(res, kind === 'apply' && !existed ? 201 : 200, out);
    }
    case 'delete': {
      if (sub !== '') throw methodNotSupported(rt, 'delete');
      const options = await deleteOptions(req, q);
      const out = await api.delete(rt, ns, name ?? '', options, {
        ...opts,
        requestOptions: deleteRequestOptions(options, q),
      });
      return send(res, 200, out);
    }
    case 'deletecollection': {
      const options = await deleteOptions(req, q);
      const out = await api.deleteCollection(
        rt,
        route.namespace,
        { labelSelector: q.get('labelSelector'), fieldSelector: q.get('fieldSelector') },
        options,
        opts,
      );
      return send(res, 200, out);
    }
  }
}

/** Warnings travel as headers; protobuf bodies cannot carry unknown fields at all. */
function warn(res: ServerResponse, messages: string[], req: IncomingMessage): void {
  if (messages.length === 0) return;
  if ((req.headers['content-type'] ?? '').includes('protobuf')) return;
  res.setHeader('Warning', warningHeaders(messages));
}

/** The DeleteOptions a webhook sees: what the client set, nothing defaulted. */
function deleteRequestOptions(o: DeleteOptions, q: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (q.getAll('dryRun').length > 0) out.dryRun = q.getAll('dryRun');
  if (o.gracePeriodSeconds !== undefined) out.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.preconditions) out.preconditions = o.preconditions;
  if (o.propagationPolicy !== undefined) out.propagationPolicy = o.propagationPolicy;
  return out;
}

async function deleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
  const body = parseObjectBody(await readBody(req), req.headers['content-type']);
  const b = isPlainObject(body) ? body : {};
  const pre = isPlainObject(b.preconditions) ? b.preconditions : undefined;
  const grace =
    typeof b.gracePeriodSeconds === 'number'
      ? b.gracePeriodSeconds
      : intParam(q, 'gracePeriodSeconds');
  const opts: DeleteOptions = {
    propagationPolicy:
      typeof b.propagationPolicy === 'string'
        ? b.propagationPolicy
        : (q.get('propagationPolicy') ?? undefined),
    gracePeriodSeconds: grace,
  };
  // The deprecated boolean still wins when given, either way.
  if (b.orphanDependents === true) opts.propagationPolicy = 'Orphan';
  if (b.orphanDependents === false) opts.propagationPolicy = 'Background';
  if (pre) {
    opts.preconditions = {};
    if (typeof pre.uid === 'string') opts.preconditions.uid = pre.uid;
    if (typeof pre.resourceVersion === 'string')
      opts.preconditions.resourceVersion = pre.resourceVersion;
  }
  return opts;
}
