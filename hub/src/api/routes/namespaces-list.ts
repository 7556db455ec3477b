import { z } from 'zod';
import { defineRoute } from '../route.js';
import { clusterId, namespaceState } from '../schemas.js';
import { namespaceView } from '../views.js';

export const listNamespaces = defineRoute({
  method: 'get',
  path: '/namespaces',
  operationId: 'listNamespaces',
  summary: 'Namespaces across clusters, as last reported by their agents',
  role: 'read',
  query: z.object({
    cluster: clusterId.optional(),
    owner: z.string().min(1).optional().meta({ description: 'Email or Slack user id' }),
    state: namespaceState.optional(),
  }),
  responses: {
    200: {
      description: 'Matching namespaces',
      schema: z.object({ namespaces: z.array(z.record(z.string(), z.unknown())) }),
    },
  },
  async handle({ query }, deps) {
    const entries = await deps.snapshots.list({
      ...(query.cluster ? { clusterId: query.cluster } : {}),
      ...(query.owner ? { owner: query.owner } : {}),
      ...(query.state ? { state: query.state } : {}),
    });
    return { status: 200, body: { namespaces: entries.map(namespaceView) } };
  },
});
