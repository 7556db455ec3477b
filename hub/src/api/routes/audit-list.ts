import { z } from 'zod';
import { defineRoute } from '../route.js';

export const listAudit = defineRoute({
  method: 'get',
  path: '/audit',
  operationId: 'listAudit',
  summary: 'Audit log, newest first; page with `before`',
  role: 'read',
  query: z.object({
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
    before: z.iso.datetime().optional().meta({ description: 'Only entries older than this' }),
  }),
  responses: {
    200: {
      description: 'Entries',
      schema: z.object({
        entries: z.array(
          z.object({
            at: z.iso.datetime(),
            actor: z.string(),
            action: z.string(),
            clusterId: z.string().optional(),
            namespace: z.string().optional(),
            outcome: z.enum(['allowed', 'refused', 'succeeded', 'failed', 'expired']),
            detail: z.string().optional(),
            commandId: z.string().optional(),
          }),
        ),
      }),
    },
  },
  async handle({ query }, deps) {
    const entries = await deps.audit.list({
      limit: query.limit,
      ...(query.before ? { before: Date.parse(query.before) } : {}),
    });
    return {
      status: 200,
      body: {
        entries: entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
      },
    };
  },
});
