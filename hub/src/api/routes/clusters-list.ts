import { z } from 'zod';
import { defineRoute } from '../route.js';
import { clusterView as clusterSchema } from '../schemas.js';
import { clusterView } from '../views.js';

export const listClusters = defineRoute({
  method: 'get',
  path: '/clusters',
  operationId: 'listClusters',
  summary: 'Clusters with connection state, agent version and last seen',
  role: 'read',
  responses: {
    200: {
      description: 'Every registered cluster',
      schema: z.object({ clusters: z.array(clusterSchema) }),
    },
  },
  async handle(_input, deps) {
    const records = await deps.clusters.records();
    return { status: 200, body: { clusters: records.map(clusterView) } };
  },
});
