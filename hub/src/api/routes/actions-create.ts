import { Action } from '@curfew/proto';
import { z } from 'zod';
import { clusterNotFound, clusterRevoked, defineRoute, problem } from '../route.js';
import {
  actionOutcome,
  clusterId,
  durationMs,
  durationText,
  errorBody,
  namespaceName,
  waitSeconds,
} from '../schemas.js';
import { outcomeStatus, outcomeView } from '../views.js';

const ACTIONS = {
  suspend: Action.SUSPEND,
  resume: Action.RESUME,
  delete: Action.DELETE,
  snooze: Action.SNOOZE,
  prolong: Action.PROLONG,
  status: Action.STATUS,
} as const;

const NEEDS_DURATION = new Set(['snooze', 'prolong']);

export const createAction = defineRoute({
  method: 'post',
  path: '/actions',
  operationId: 'createAction',
  summary:
    'Run an action on a namespace. Waits up to `wait` for the result, else answers 202 with an id to poll',
  role: 'admin',
  headers: {
    'Idempotency-Key':
      'Optional. Retries with the same key return the same action, never run it twice',
  },
  body: z
    .object({
      cluster: clusterId,
      namespace: namespaceName,
      action: z.enum(Object.keys(ACTIONS) as [keyof typeof ACTIONS, ...(keyof typeof ACTIONS)[]]),
      duration: durationText.optional().meta({ description: 'Required for snooze and prolong' }),
      wait: waitSeconds,
    })
    .strict()
    .superRefine((body, ctx) => {
      if (NEEDS_DURATION.has(body.action) && !body.duration) {
        ctx.addIssue({
          code: 'custom',
          path: ['duration'],
          message: `is required for ${body.action}, e.g. "1h"`,
        });
      }
    }),
  responses: {
    200: { description: 'Finished (done or expired)', schema: actionOutcome },
    202: { description: 'Still running; poll GET /actions/{id}', schema: actionOutcome },
    404: { description: 'Unknown cluster', schema: errorBody },
    409: { description: 'Cluster revoked', schema: errorBody },
    422: {
      description: 'Idempotency-Key already used for a different request; nothing was run',
      schema: errorBody,
    },
    503: { description: 'Redis unreachable; nothing was accepted', schema: errorBody },
  },
  async handle({ body, caller }, deps) {
    // The dispatcher looks the cluster up itself (unknown or revoked: nothing stored), so the
    // route does not read it a second time on every action's path.
    const outcome = await deps.router.dispatch(
      {
        action: ACTIONS[body.action],
        clusterId: body.cluster,
        namespace: body.namespace,
        ...(body.duration ? { durationMs: durationMs(body.duration) } : {}),
        requestedBy: caller.actor,
        requestId: caller.requestId,
        ...(caller.idempotencyKey ? { idempotencyKey: caller.idempotencyKey } : {}),
      },
      (body.wait ?? 10) * 1_000,
    );
    if (outcome.state === 'unavailable') {
      if (outcome.cluster === 'unknown') return clusterNotFound(body.cluster);
      if (outcome.cluster === 'revoked') return clusterRevoked(body.cluster);
      return problem(503, 'redis_unavailable', outcome.message);
    }
    return {
      status: outcomeStatus(outcome),
      body: outcomeView(outcome),
      ...(outcome.state === 'pending'
        ? { headers: { Location: `/api/v1/actions/${outcome.commandId}` } }
        : {}),
    };
  },
});
