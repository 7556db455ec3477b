import { z } from 'zod';
import { defineRoute, problem } from '../route.js';
import { clusterId, clusterView as clusterSchema, errorBody } from '../schemas.js';
import { clusterView } from '../views.js';

export const revokeCluster = defineRoute({
  method: 'post',
  path: '/clusters/:id/revoke',
  operationId: 'revokeCluster',
  summary: "Revoke the cluster's tokens and disconnect its agent at once, on every replica",
  role: 'admin',
  params: z.object({ id: clusterId }),
  responses: {
    200: { description: 'Revoked', schema: clusterSchema },
    404: { description: 'Not registered', schema: errorBody },
  },
  async handle({ params, caller }, deps) {
    if (!(await deps.tokens.revoke(params.id))) {
      return problem(
        404,
        'cluster_not_found',
        `no cluster "${params.id}"; list them with GET /api/v1/clusters`,
      );
    }
    await deps.bus.toAll({ type: 'kick', clusterId: params.id, reason: 'revoked' });
    await deps.audit.record({
      at: deps.now(),
      actor: caller.actor,
      action: 'cluster.revoke',
      clusterId: params.id,
      outcome: 'succeeded',
    });
    const record = await deps.clusters.record(params.id);
    return { status: 200, body: record ? clusterView(record) : { id: params.id } };
  },
});
