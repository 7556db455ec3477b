import { clusterNotFound, clusterNotFoundDoc, defineRoute } from '../route.js';
import { clusterIdParams, clusterView as clusterSchema } from '../schemas.js';
import { clusterView } from '../views.js';

export const getCluster = defineRoute({
  method: 'get',
  path: '/clusters/:id',
  operationId: 'getCluster',
  summary: 'One cluster',
  role: 'read',
  params: clusterIdParams,
  responses: {
    200: { description: 'The cluster', schema: clusterSchema },
    404: clusterNotFoundDoc,
  },
  async handle({ params }, deps) {
    const record = await deps.clusters.record(params.id);
    if (!record) return clusterNotFound(params.id);
    return { status: 200, body: clusterView(record) };
  },
});
