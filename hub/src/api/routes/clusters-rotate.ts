import { z } from 'zod';
import { auditClusterChange } from '../audit-cluster-change.js';
import { helmInstallCommand } from '../helm-command.js';
import { clusterNotFound, clusterNotFoundDoc, clusterRevoked, defineRoute } from '../route.js';
import { clusterIdParams, durationMs, durationText, errorBody, helmInstall } from '../schemas.js';

export const rotateClusterToken = defineRoute({
  method: 'post',
  path: '/clusters/:id/rotate',
  operationId: 'rotateClusterToken',
  summary: 'New agent token; the old one keeps working for the overlap (default from config)',
  role: 'admin',
  params: clusterIdParams,
  body: z.object({ overlap: durationText.optional() }).strict().default({}),
  responses: {
    200: {
      description: 'Rotated',
      schema: helmInstall.extend({ previousTokenValidUntil: z.iso.datetime() }),
    },
    404: clusterNotFoundDoc,
    409: { description: 'Revoked clusters cannot rotate', schema: errorBody },
  },
  async handle({ params, body, caller }, deps) {
    const overlapMs = body.overlap ? durationMs(body.overlap) : deps.rotationOverlapMs;
    const token = await deps.tokens.rotate(params.id, overlapMs);
    if (token === null) {
      return clusterNotFound(params.id);
    }
    if (token === 'revoked') {
      return clusterRevoked(params.id);
    }
    await auditClusterChange(deps, caller, { action: 'cluster.rotate', clusterId: params.id });
    return {
      status: 200,
      body: {
        id: params.id,
        token,
        ...helmInstallCommand(deps.install, params.id, token),
        previousTokenValidUntil: new Date(deps.clock.now() + overlapMs).toISOString(),
      },
    };
  },
});
