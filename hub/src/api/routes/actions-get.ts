import { z } from 'zod';
import { defineRoute, problem } from '../route.js';
import { actionOutcome, errorBody } from '../schemas.js';
import { outcomeView } from '../views.js';

export const getAction = defineRoute({
  method: 'get',
  path: '/actions/:id',
  operationId: 'getAction',
  summary: "Poll an action: done (with the agent's result), pending or expired",
  role: 'read',
  params: z.object({ id: z.string().min(1).max(100) }),
  responses: {
    200: { description: 'Current state', schema: actionOutcome },
    404: { description: 'Unknown or older than a day', schema: errorBody },
  },
  async handle({ params }, deps) {
    const outcome = await deps.router.outcome(params.id);
    if (!outcome) {
      return problem(
        404,
        'action_not_found',
        `no action "${params.id}" (actions are kept for a day)`,
      );
    }
    return { status: 200, body: outcomeView(outcome) };
  },
});
