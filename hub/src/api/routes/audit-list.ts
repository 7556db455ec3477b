import { z } from 'zod';
import { defineRoute } from '../route.js';
import { clusterId } from '../schemas.js';

export const listAudit = defineRoute({
  method: 'get',
  path: '/audit',
  operationId: 'listAudit',
  summary:
    "Audit log, newest first; page with `before`. `cluster` reads one cluster's log (each cluster's is capped on its own)",
  role: 'read',
  query: z.object({
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
    before: z.iso.datetime().optional().meta({ description: 'Only entries older than this' }),
    cluster: clusterId.optional().meta({ description: "Only this cluster's entries" }),
  }),
  responses: {
    200: {
      description: 'Entries',
      schema: z.object({
        entries: z.array(
          z.object({
            at: z.iso.datetime(),
            actor: z.string(),
            actorSource: z.string().optional().meta({
              description:
                'Absent: the hub authenticated the actor. `agent:<cluster>`: that agent reported it (unverified)',
            }),
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
      ...(query.cluster ? { clusterId: query.cluster } : {}),
    });
    return {
      status: 200,
      body: {
        entries: entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
      },
    };
  },
});
