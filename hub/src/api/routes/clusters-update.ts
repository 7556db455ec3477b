import { z } from 'zod';
import { defineRoute, problem } from '../route.js';
import {
  clusterId,
  clusterPriceChanges,
  clusterView as clusterSchema,
  errorBody,
} from '../schemas.js';
import { clusterView } from '../views.js';

/** Changes what can change after registration without a new token: today, prices. */
export const updateCluster = defineRoute({
  method: 'patch',
  path: '/clusters/:id',
  operationId: 'updateCluster',
  summary: "Set a cluster's prices ($/vCPU-hour, $/GiB-hour); null returns one to the hub default",
  role: 'admin',
  params: z.object({ id: clusterId }),
  body: z.object({ prices: clusterPriceChanges }).strict(),
  responses: {
    200: { description: 'The cluster after the change', schema: clusterSchema },
    404: { description: 'Not registered', schema: errorBody },
  },
  async handle({ params, body, caller }, deps) {
    const changed = await deps.clusters.setPrices(params.id, body.prices);
    const record = changed ? await deps.clusters.record(params.id) : null;
    if (!record) {
      return problem(
        404,
        'cluster_not_found',
        `no cluster "${params.id}"; list them with GET /api/v1/clusters`,
      );
    }
    await deps.audit.record({
      at: deps.now(),
      actor: caller.actor,
      action: 'cluster.prices',
      clusterId: params.id,
      outcome: 'succeeded',
      detail: JSON.stringify(body.prices),
    });
    return { status: 200, body: clusterView(record) };
  },
});
