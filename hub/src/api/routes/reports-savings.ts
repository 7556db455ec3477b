import { roundCents } from '@curfew/core';
import { z } from 'zod';
import { estimateSavings, type SavingsEstimate } from '../../savings/periods.js';
import { defineRoute, problem } from '../route.js';
import { errorBody } from '../schemas.js';

const WEEK_MS = 7 * 86_400_000;

/** Says exactly what the number is, so nobody reads an estimate as an invoice. */
const METHOD =
  'Estimate: for each suspended period (from agent snapshots) the hours inside [from, to) × the pod requests the namespace had when last seen running × its cluster’s current $/vCPU-hour and $/GiB-hour. Assumes the freed capacity was really released (e.g. by a cluster autoscaler). Namespaces the hub never saw running count hours but no pod dollars (priced: false). Plus, for each period, the hourly prices (the agent’s configured on-demand prices) of the EC2 instances and RDS databases Curfew stopped with the namespace (cloudSavings; compute only, storage is paid while stopped).';

const savingsNamespace = z.object({
  cluster: z.string(),
  namespace: z.string(),
  suspendedHours: z.number().meta({ description: 'Hours, to a hundredth' }),
  estimatedSavings: z.number().meta({ description: 'US dollars, to the cent' }),
  cloudSavings: z.number().meta({
    description: 'US dollars (to the cent) of estimatedSavings from stopped EC2 and RDS resources',
  }),
  priced: z.boolean().meta({ description: 'False when no running footprint was known' }),
});

export const savingsReport = defineRoute({
  method: 'get',
  path: '/reports/savings',
  operationId: 'savingsReport',
  summary: 'Estimated savings from suspended hours between from and to (default: the last 7 days)',
  role: 'read',
  query: z.object({
    from: z.iso
      .datetime()
      .optional()
      .meta({ description: 'Start (inclusive); default to − 7 days' }),
    to: z.iso.datetime().optional().meta({ description: 'End (exclusive); default now' }),
  }),
  responses: {
    200: {
      description: 'Savings per namespace, largest first',
      schema: z.object({
        from: z.iso.datetime(),
        to: z.iso.datetime(),
        currency: z.literal('USD'),
        suspendedHours: z.number(),
        estimatedSavings: z.number(),
        cloudSavings: z.number(),
        method: z.string(),
        namespaces: z.array(savingsNamespace),
      }),
    },
    400: { description: 'from is not before to', schema: errorBody },
  },
  async handle({ query }, deps) {
    const now = deps.clock.now();
    const to = query.to ? Date.parse(query.to) : now;
    const from = query.from ? Date.parse(query.from) : to - WEEK_MS;
    if (from >= to) {
      return problem(400, 'invalid_request', 'query.from must be before query.to');
    }
    const records = await deps.clusters.records();
    const prices = new Map(records.map((record) => [record.id, record.prices]));
    const periods = await deps.suspensions.periods(
      records.map((record) => record.id),
      from,
      now,
    );
    const estimate = rounded(estimateSavings(periods, (id) => prices.get(id), from, to));
    return {
      status: 200,
      body: {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        currency: 'USD',
        ...estimate,
        method: METHOD,
      },
    };
  },
});

/** Hours to a hundredth (36 s). */
const roundHours = (hours: number) => Math.round(hours * 100) / 100;

/**
 * Figures as the report states them: dollars to the cent, hours to a hundredth. Totals come from
 * the exact figures, then are rounded, so they may differ from the sum of the rounded lines by a
 * cent; the estimate is not precise to a cent anyway (see METHOD).
 */
function rounded(estimate: SavingsEstimate): SavingsEstimate {
  return {
    ...estimate,
    suspendedHours: roundHours(estimate.suspendedHours),
    estimatedSavings: roundCents(estimate.estimatedSavings),
    cloudSavings: roundCents(estimate.cloudSavings),
    namespaces: estimate.namespaces.map((n) => ({
      ...n,
      suspendedHours: roundHours(n.suspendedHours),
      estimatedSavings: roundCents(n.estimatedSavings),
      cloudSavings: roundCents(n.cloudSavings),
    })),
  };
}
