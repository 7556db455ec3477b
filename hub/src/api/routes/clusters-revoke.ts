import { auditClusterChange } from '../audit-cluster-change.js';
import { clusterNotFound, clusterNotFoundDoc, defineRoute } from '../route.js';
import { clusterIdParams, clusterView as clusterSchema } from '../schemas.js';
import { clusterView } from '../views.js';

export const revokeCluster = defineRoute({
  method: 'post',
  path: '/clusters/:id/revoke',
  operationId: 'revokeCluster',
  summary: "Revoke the cluster's tokens and disconnect its agent at once, on every replica",
  role: 'admin',
  params: clusterIdParams,
  responses: {
    200: { description: 'Revoked', schema: clusterSchema },
    404: clusterNotFoundDoc,
  },
  async handle({ params, caller }, deps) {
    if (!(await deps.tokens.revoke(params.id))) {
      return clusterNotFound(params.id);
    }
    await deps.agents.kick(params.id, 'revoked');
    await auditClusterChange(deps, caller, { action: 'cluster.revoke', clusterId: params.id });
    const record = await deps.clusters.record(params.id);
    return { status: 200, body: record ? clusterView(record) : { id: params.id } };
  },
});
