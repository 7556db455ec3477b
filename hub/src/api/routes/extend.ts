import { Action } from '@curfew/proto';
import { z } from 'zod';
import type { DispatchOutcome, DispatchRequest } from '../../ports.js';
import { defineRoute, problem } from '../route.js';
import {
  actionOutcome,
  clusterId,
  durationMs,
  durationText,
  errorBody,
  skuPrefix,
  waitSeconds,
} from '../schemas.js';
import { outcomeView } from '../views.js';

export const extendTimeBombs = defineRoute({
  method: 'post',
  path: '/extend',
  operationId: 'extendTimeBombs',
  summary:
    'Extend time bombs of every workload whose SKU starts with the prefix (segment-wise), on one cluster or all',
  role: 'admin',
  headers: { 'Idempotency-Key': 'Optional. Retries with the same key never extend twice' },
  body: z
    .object({
      skuPrefix,
      duration: durationText,
      cluster: clusterId.optional().meta({ description: 'Omit for every cluster' }),
      wait: waitSeconds,
    })
    .strict(),
  responses: {
    200: {
      description:
        'Per-cluster outcomes: done, expired, or pending (offline clusters get it on reconnect; poll its id)',
      schema: z.object({ actions: z.array(actionOutcome.extend({ cluster: z.string() })) }),
    },
    404: { description: 'Unknown cluster', schema: errorBody },
    422: {
      description: 'Idempotency-Key already used for a different request; nothing was run',
      schema: errorBody,
    },
    503: { description: 'Redis unreachable; nothing was accepted', schema: errorBody },
  },
  async handle({ body, caller }, deps) {
    let clusterIds: string[];
    if (body.cluster) {
      const record = await deps.clusters.record(body.cluster);
      if (!record || record.revoked) {
        return problem(404, 'cluster_not_found', `no active cluster "${body.cluster}"`);
      }
      clusterIds = [body.cluster];
    } else {
      clusterIds = (await deps.clusters.records()).filter((r) => !r.revoked).map((r) => r.id);
    }
    const requests = clusterIds.map(
      (id): DispatchRequest => ({
        action: Action.EXTEND,
        clusterId: id,
        skuPrefix: body.skuPrefix,
        durationMs: durationMs(body.duration),
        requestedBy: caller.actor,
        requestId: caller.requestId,
        ...(caller.idempotencyKey ? { idempotencyKey: `${caller.idempotencyKey}:${id}` } : {}),
      }),
    );
    // A key reused for another extend is refused for every cluster before any is extended.
    await deps.router.refuseReusedKeys(requests);
    const outcomes: [string, DispatchOutcome][] = await Promise.all(
      requests.map(
        async (request): Promise<[string, DispatchOutcome]> => [
          request.clusterId,
          await deps.router.dispatch(request, (body.wait ?? 10) * 1_000),
        ],
      ),
    );
    const unavailable = outcomes.find(([, outcome]) => outcome.state === 'unavailable');
    if (unavailable && unavailable[1].state === 'unavailable') {
      return problem(503, 'redis_unavailable', unavailable[1].message);
    }
    return {
      status: 200,
      body: {
        actions: outcomes.map(([cluster, outcome]) => ({ cluster, ...outcomeView(outcome) })),
      },
    };
  },
});
