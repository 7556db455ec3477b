import { z } from 'zod';
import { helmInstallCommand } from '../helm-command.js';
import { defineRoute, problem } from '../route.js';
import { clusterId, durationMs, durationText, errorBody, helmInstall } from '../schemas.js';

export const rotateClusterToken = defineRoute({
  method: 'post',
  path: '/clusters/:id/rotate',
  operationId: 'rotateClusterToken',
  summary: 'New agent token; the old one keeps working for the overlap (default from config)',
  role: 'admin',
  params: z.object({ id: clusterId }),
  body: z.object({ overlap: durationText.optional() }).default({}),
  responses: {
    200: {
      description: 'Rotated',
      schema: helmInstall.extend({ previousTokenValidUntil: z.iso.datetime() }),
    },
    404: { description: 'Not registered', schema: errorBody },
    409: { description: 'Revoked clusters cannot rotate', schema: errorBody },
  },
  async handle({ params, body, caller }, deps) {
    const overlapMs = body.overlap ? durationMs(body.overlap) : deps.rotationOverlapMs;
    const token = await deps.tokens.rotate(params.id, overlapMs);
    if (token === null) {
      return problem(
        404,
        'cluster_not_found',
        `no cluster "${params.id}"; list them with GET /api/v1/clusters`,
      );
    }
    if (token === 'revoked') {
      return problem(
        409,
        'cluster_revoked',
        `cluster "${params.id}" is revoked; register it again`,
      );
    }
    await deps.audit.record({
      at: deps.now(),
      actor: caller.actor,
      action: 'cluster.rotate',
      clusterId: params.id,
      outcome: 'succeeded',
    });
    return {
      status: 200,
      body: {
        id: params.id,
        token,
        helmCommand: helmInstallCommand(deps.install, params.id, token),
        previousTokenValidUntil: new Date(deps.now() + overlapMs).toISOString(),
      },
    };
  },
});
