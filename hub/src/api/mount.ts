/**
 * Serves the route list on an express router: authentication, role check, Redis check,
 * validation (400 naming each bad field) and error mapping, identically for every route.
 */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { HubMetrics } from '../metrics.js';
import type { RedisHealth } from '../redis/connection.js';
import { RedisUnavailableError } from '../redis/connection.js';
import { IdempotencyKeyReusedError } from '../routing/idempotency.js';
import { type ApiIdentity, type ApiTokens, allows } from './auth.js';
import type { ApiDeps } from './deps.js';
import { jsonBody } from './json-body.js';
import { type ApiRoute, problem, type Reply } from './route.js';
import { MAX_REQUEST_ID_LENGTH } from './schemas.js';

export interface MountOptions {
  routes: ApiRoute[];
  deps: ApiDeps;
  tokens: ApiTokens;
  health: RedisHealth;
  metrics: HubMetrics;
  logger: Logger;
}

function describeIssues(where: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = [where, ...issue.path.map(String)].join('.');
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

function parse(
  where: 'body' | 'query' | 'params',
  schema: z.ZodType | undefined,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!schema) return { ok: true, value: undefined };
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  let message = describeIssues(where, result.error);
  if (where === 'body' && value === undefined) {
    message += ' (send a JSON body with Content-Type: application/json)';
  }
  return { ok: false, message };
}

/**
 * Writes the reply as JSON. Not express's res.json: that also hashes every body for an ETag
 * and looks up the charset, per request on every action's path, for API answers that are
 * never revalidated.
 */
function send(res: Response, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  const body = JSON.stringify(reply.body);
  res.statusCode = reply.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** Longer keys are not a retry token but a payload; a UUID is 36 characters. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

export function apiRouter(options: MountOptions): express.Router {
  const { routes, deps, tokens, health, metrics, logger } = options;
  const router = express.Router();
  const json = jsonBody(64 * 1024);
  /** Who sent each request, from the authorization step to the handler. */
  const callers = new WeakMap<Request, ApiIdentity>();

  for (const route of routes) {
    // The token is checked before the body is read: an anonymous caller must not make the
    // hub buffer and parse up to the size limit, nor learn anything from a 400 about it.
    router[route.method](
      route.path,
      (req: Request, res: Response, next: NextFunction) => {
        const refusal = authorize(route, req);
        if (!refusal) {
          next();
          return;
        }
        metrics.httpRequests.inc({ route: route.operationId, status: String(refusal.status) });
        // The unread body is discarded; closing keeps a client from streaming it on.
        res.setHeader('connection', 'close');
        send(res, refusal);
      },
      json,
      async (req: Request, res: Response) => {
        const reply = await serve(route, req);
        metrics.httpRequests.inc({ route: route.operationId, status: String(reply.status) });
        send(res, reply);
      },
    );
  }

  function authorize(route: ApiRoute, req: Request): Reply | undefined {
    const identity = tokens.identify(req.header('authorization'));
    if (identity === 'missing') {
      return {
        status: 401,
        body: { error: 'unauthorized', message: 'send "Authorization: Bearer <api token>"' },
      };
    }
    if (identity === 'invalid') {
      return { status: 401, body: { error: 'unauthorized', message: 'unknown API token' } };
    }
    if (!allows(identity.role, route.role)) {
      return {
        status: 403,
        body: {
          error: 'forbidden',
          message: `token "${identity.name}" is read-only; this needs an admin token`,
        },
      };
    }
    callers.set(req, identity);
    return undefined;
  }

  async function serve(route: ApiRoute, req: Request): Promise<Reply> {
    const identity = callers.get(req);
    if (!identity) throw new Error('admin API route served without authorization');
    if (!health.up) return unavailable();
    const params = parse('params', route.params, req.params);
    const query = parse('query', route.query, req.query);
    const body = parse('body', route.body, req.body);
    const idempotencyKey = req.header('idempotency-key');
    const clientRequestId = req.header('x-request-id');
    const failed = [
      params,
      query,
      body,
      identifierHeaderCheck('Idempotency-Key', idempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH),
      identifierHeaderCheck(
        'X-Request-Id',
        clientRequestId,
        MAX_REQUEST_ID_LENGTH,
        ' — or leave it out and the hub makes one',
      ),
    ].filter((part) => !part.ok) as { message: string }[];
    if (failed.length > 0) {
      return {
        status: 400,
        body: { error: 'invalid_request', message: failed.map((part) => part.message).join('; ') },
      };
    }
    const requestId = clientRequestId ?? randomUUID();
    try {
      return await route.handle(
        {
          params: (params as { value: unknown }).value,
          query: (query as { value: unknown }).value,
          body: (body as { value: unknown }).value,
          caller: {
            actor: `api:${identity.name}`,
            role: identity.role,
            requestId,
            ...(idempotencyKey ? { idempotencyKey } : {}),
          },
        },
        deps,
      );
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError) {
        return problem(
          422,
          'idempotency_key_reused',
          `Idempotency-Key "${idempotencyKey ?? ''}" ${error.detail}`,
        );
      }
      // A Redis call that failed mid-request is an outage, not a bug: say so and let the
      // client retry (nothing half-done is left accepted: commands are written atomically).
      if (!health.up) return unavailable();
      logger.error({ err: error, route: route.operationId, requestId }, 'admin API request failed');
      return {
        status: 500,
        body: { error: 'internal', message: `unexpected error; request id ${requestId}` },
      };
    }
  }

  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: 'no such API route; see /openapi.json' });
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status ?? 500;
    if (status >= 400 && status < 500) {
      res
        .status(status)
        .json({ error: 'invalid_request', message: 'body: not valid JSON (or too large)' });
      return;
    }
    logger.error({ err: error }, 'admin API error');
    res.status(500).json({ error: 'internal', message: 'unexpected error' });
  });
  return router;
}

/**
 * A header that names something (a request, a retry): bounded, visible ASCII only, so it can
 * travel into audit entries, logs and commands. `omitted` is what the hub does without it.
 */
function identifierHeaderCheck(
  header: string,
  value: string | undefined,
  maxLength: number,
  omitted = '',
): { ok: true } | { ok: false; message: string } {
  if (value === undefined) return { ok: true };
  if (value.length > maxLength) {
    return {
      ok: false,
      message: `header ${header}: is ${value.length} characters long; at most ${maxLength} are allowed (a UUID is 36)${omitted}`,
    };
  }
  if (!/^[\x21-\x7e]+$/.test(value)) {
    return {
      ok: false,
      message: `header ${header}: use visible ASCII characters only, e.g. a UUID`,
    };
  }
  return { ok: true };
}

function unavailable(): Reply {
  return {
    status: 503,
    body: { error: 'redis_unavailable', message: new RedisUnavailableError().message },
  };
}
