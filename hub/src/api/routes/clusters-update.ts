import { z } from 'zod';
import { auditClusterChange } from '../audit-cluster-change.js';
import { clusterNotFound, clusterNotFoundDoc, defineRoute } from '../route.js';
import { clusterIdParams, clusterPriceChanges, clusterView as clusterSchema } from '../schemas.js';
import { clusterView } from '../views.js';

/** Changes what can change after registration without a new token: today, prices. */
export const updateCluster = defineRoute({
  method: 'patch',
  path: '/clusters/:id',
  operationId: 'updateCluster',
  summary: "Set a cluster's prices ($/vCPU-hour, $/GiB-hour); null returns one to the hub default",
  role: 'admin',
  params: clusterIdParams,
  body: z.object({ prices: clusterPriceChanges }).strict(),
  responses: {
    200: { description: 'The cluster after the change', schema: clusterSchema },
    404: clusterNotFoundDoc,
  },
  async handle({ params, body, caller }, deps) {
    const changed = await deps.clusters.setPrices(params.id, body.prices);
    const record = changed ? await deps.clusters.record(params.id) : null;
    if (!record) {
      return clusterNotFound(params.id);
    }
    await auditClusterChange(deps, caller, {
      action: 'cluster.prices',
      clusterId: params.id,
      detail: JSON.stringify(body.prices),
    });
    return { status: 200, body: clusterView(record) };
  },
});
