import { z } from 'zod';
import { auditClusterChange } from '../audit-cluster-change.js';
import { helmInstallCommand } from '../helm-command.js';
import { defineRoute, problem } from '../route.js';
import { clusterId, clusterPrices, errorBody, helmInstall } from '../schemas.js';

export const registerCluster = defineRoute({
  method: 'post',
  path: '/clusters',
  operationId: 'registerCluster',
  summary: 'Register a cluster: returns its id, a one-time agent token and the helm command',
  role: 'admin',
  body: z
    .object({
      name: clusterId.meta({ description: 'Becomes the cluster id used in `cluster/namespace`' }),
      defaultChannel: z
        .string()
        .regex(
          /^(#[a-z0-9][a-z0-9_-]{0,79}|[CG][A-Z0-9]{8,})$/,
          'must be a Slack channel id (C0123ABCD) or #name',
        )
        .optional(),
      prices: clusterPrices.optional(),
    })
    .strict(),
  responses: {
    201: { description: 'Registered', schema: helmInstall },
    409: { description: 'A cluster with this name exists', schema: errorBody },
  },
  async handle({ body, caller }, deps) {
    const existing = await deps.clusters.record(body.name);
    if (existing && !existing.revoked) {
      return problem(
        409,
        'cluster_exists',
        `cluster "${body.name}" is already registered; rotate its token instead`,
      );
    }
    const token = await deps.tokens.register(body.name, {
      name: body.name,
      ...(body.defaultChannel ? { defaultChannel: body.defaultChannel } : {}),
    });
    // A re-registered (revoked) cluster must not inherit its old prices silently.
    await deps.clusters.setPrices(body.name, {
      vcpuHour: body.prices?.vcpuHour ?? null,
      gibHour: body.prices?.gibHour ?? null,
    });
    await auditClusterChange(deps, caller, { action: 'cluster.register', clusterId: body.name });
    return {
      status: 201,
      body: {
        id: body.name,
        token,
        ...helmInstallCommand(deps.install, body.name, token),
      },
    };
  },
});
