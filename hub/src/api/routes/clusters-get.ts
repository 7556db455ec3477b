import { z } from 'zod';
import { defineRoute, problem } from '../route.js';
import { clusterId, clusterView as clusterSchema, errorBody } from '../schemas.js';
import { clusterView } from '../views.js';

export const getCluster = defineRoute({
  method: 'get',
  path: '/clusters/:id',
  operationId: 'getCluster',
  summary: 'One cluster',
  role: 'read',
  params: z.object({ id: clusterId }),
  responses: {
    200: { description: 'The cluster', schema: clusterSchema },
    404: { description: 'Not registered', schema: errorBody },
  },
  async handle({ params }, deps) {
    const record = await deps.clusters.record(params.id);
    if (!record)
      return problem(
        404,
        'cluster_not_found',
        `no cluster "${params.id}"; list them with GET /api/v1/clusters`,
      );
    return { status: 200, body: clusterView(record) };
  },
});
