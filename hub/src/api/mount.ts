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
import { type ApiTokens, allows } from './auth.js';
import type { ApiDeps } from './deps.js';
import type { ApiRoute, Reply } from './route.js';

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

function send(res: Response, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status).json(reply.body);
}

export function apiRouter(options: MountOptions): express.Router {
  const { routes, deps, tokens, health, metrics, logger } = options;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const reply = await serve(route, req);
      metrics.httpRequests.inc({ route: route.operationId, status: String(reply.status) });
      send(res, reply);
    });
  }

  async function serve(route: ApiRoute, req: Request): Promise<Reply> {
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
    if (!health.up) return unavailable();
    const params = parse('params', route.params, req.params);
    const query = parse('query', route.query, req.query);
    const body = parse('body', route.body, req.body);
    const failed = [params, query, body].filter((part) => !part.ok) as { message: string }[];
    if (failed.length > 0) {
      return {
        status: 400,
        body: { error: 'invalid_request', message: failed.map((part) => part.message).join('; ') },
      };
    }
    const requestId = req.header('x-request-id') ?? randomUUID();
    const idempotencyKey = req.header('idempotency-key');
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

function unavailable(): Reply {
  return {
    status: 503,
    body: { error: 'redis_unavailable', message: new RedisUnavailableError().message },
  };
}
