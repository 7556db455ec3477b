import { z } from 'zod';
import { defineRoute } from '../route.js';

export const listUnreachableOwners = defineRoute({
  method: 'get',
  path: '/unreachable-owners',
  operationId: 'listUnreachableOwners',
  summary: 'Namespaces whose owner Slack cannot reach, and why (empty when Slack is not mounted)',
  role: 'read',
  responses: {
    200: {
      description: 'Unreachable owners',
      schema: z.object({
        owners: z.array(
          z.object({
            namespace: z.string().meta({ description: '`cluster/namespace`' }),
            reason: z.string(),
            since: z.iso.datetime(),
          }),
        ),
      }),
    },
  },
  async handle(_input, deps) {
    const owners = (await deps.unreachableOwners?.()) ?? [];
    return {
      status: 200,
      body: {
        owners: owners.map((owner) => ({ ...owner, since: new Date(owner.since).toISOString() })),
      },
    };
  },
});
