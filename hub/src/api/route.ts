/**
 * One admin API operation: its zod schemas (the single source for validation and for the
 * OpenAPI document), the role it needs and its handler.
 */
import type { z } from 'zod';
import type { ApiDeps } from './deps.js';
import { errorBody } from './schemas.js';

export type Role = 'admin' | 'read';

export interface Caller {
  /** `api:<token name>`, as recorded in audit entries and `suspended-by`. */
  actor: string;
  role: Role;
  requestId: string;
  idempotencyKey?: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
}

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  caller: Caller;
}

export interface ApiRoute {
  method: 'get' | 'post' | 'patch';
  /** Express-style path under /api/v1, e.g. `/clusters/:id`. */
  path: string;
  operationId: string;
  summary: string;
  role: Role;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Documented request headers (name → description). */
  headers?: Record<string, string>;
  responses: Record<number, ResponseDoc>;
  handle(input: RouteInput<unknown, unknown, unknown>, deps: ApiDeps): Promise<Reply>;
}

interface RouteDefinition<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>
  extends Omit<ApiRoute, 'body' | 'query' | 'params' | 'handle'> {
  body?: B;
  query?: Q;
  params?: P;
  handle(input: RouteInput<z.output<B>, z.output<Q>, z.output<P>>, deps: ApiDeps): Promise<Reply>;
}

/** Keeps the handler typed by its schemas while routes are kept in one plain list. */
export function defineRoute<
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
>(definition: RouteDefinition<B, Q, P>): ApiRoute {
  return {
    ...definition,
    handle: (input, deps) =>
      definition.handle(input as RouteInput<z.output<B>, z.output<Q>, z.output<P>>, deps),
  };
}

/** A JSON error body; `message` always says what to do. */
export function problem(status: number, error: string, message: string): Reply {
  return { status, body: { error, message } };
}

/** How routes that may answer `clusterNotFound` document it. */
export const clusterNotFoundDoc: ResponseDoc = { description: 'Not registered', schema: errorBody };

/** The 404 of every route that names a cluster which is not registered. */
export function clusterNotFound(id: string): Reply {
  return problem(
    404,
    'cluster_not_found',
    `no cluster "${id}"; list them with GET /api/v1/clusters`,
  );
}

/** The 409 of routes that cannot act on a revoked cluster. */
export function clusterRevoked(id: string): Reply {
  return problem(409, 'cluster_revoked', `cluster "${id}" is revoked; register it again`);
}
