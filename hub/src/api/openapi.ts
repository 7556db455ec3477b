/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so
 * the documentation cannot drift from the behaviour. OpenAPI 3.1 uses JSON Schema 2020-12,
 * zod's default target.
 */
import { z } from 'zod';
import type { ApiRoute } from './route.js';
import { errorBody, MAX_REQUEST_ID_LENGTH } from './schemas.js';

type JsonObject = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  delete json.$schema;
  return json;
}

function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function parameters(route: ApiRoute): JsonObject[] {
  const list: JsonObject[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonObject>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      list.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        schema: property,
        ...(typeof property.description === 'string' ? { description: property.description } : {}),
      });
    }
  }
  for (const [name, description] of Object.entries(route.headers ?? {})) {
    list.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
  }
  // Every route takes it (api/mount.ts checks it before the handler runs).
  list.push({
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description:
      'Optional. Carried into the audit log, the logs and the command the agent receives; the hub makes one when absent',
    schema: { type: 'string', maxLength: MAX_REQUEST_ID_LENGTH, pattern: '^[\\x21-\\x7e]+$' },
  });
  return list;
}

function operation(route: ApiRoute): JsonObject {
  const responses: JsonObject = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    responses[status] = {
      description: doc.description,
      ...(doc.schema
        ? { content: { 'application/json': { schema: schemaOf(doc.schema, 'output') } } }
        : {}),
    };
  }
  const error = { content: { 'application/json': { schema: schemaOf(errorBody, 'output') } } };
  responses['400'] ??= {
    description: 'Invalid request; the message names each bad field',
    ...error,
  };
  responses['401'] ??= { description: 'Missing or unknown bearer token', ...error };
  if (route.role === 'admin') responses['403'] ??= { description: 'Read-only token', ...error };
  responses['503'] ??= { description: 'Redis unreachable; retry shortly', ...error };
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.role === 'admin' ? { description: 'Needs an admin token.' } : {}),
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

export function openApiDocument(routes: ApiRoute[], version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const path = `/api/v1${toOpenApiPath(route.path)}`;
    paths[path] = { ...(paths[path] ?? {}), [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Curfew hub admin API',
      version,
      description:
        'Clusters, namespaces, actions, time-bomb extension and the audit log. Authenticate with `Authorization: Bearer <token>`; read-only tokens may only GET.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
