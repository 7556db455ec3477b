/**
 * Zod schemas shared by several admin API routes. Input rules come from @curfew/core so the
 * API, Slack and the agent accept and explain the same things the same way.
 */
import { dnsLabelProblem, isCurfewInputError, parseDuration, parseSku } from '@curfew/core';
import { z } from 'zod';
import { NAMESPACE_STATES } from '../namespace-states.js';

const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';

function dnsLabel(what: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = dnsLabelProblem(value, what);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ pattern: DNS_LABEL_PATTERN });
}

/** Something core parses: its error message and hint become the 400 message. */
function parsedBy(parse: (text: string) => unknown) {
  return (value: string, ctx: z.RefinementCtx) => {
    try {
      parse(value);
    } catch (error) {
      if (!isCurfewInputError(error)) throw error;
      ctx.addIssue({ code: 'custom', message: `${error.message} ${error.hint}` });
    }
  };
}

/** Cluster ids are what people type in Slack (`cluster/namespace`): DNS labels. */
export const clusterId = dnsLabel('cluster id');
export const namespaceName = dnsLabel('namespace');

/** `/clusters/:id` routes. */
export const clusterIdParams = z.object({ id: clusterId });

/** "90m", "1h30m", "1d" (core's grammar); convert with durationMs(). */
export const durationText = z
  .string()
  .superRefine(parsedBy(parseDuration))
  .meta({ examples: ['1h', '90m', '1d'] });

export function durationMs(text: string): number {
  return parseDuration(text);
}

/**
 * Real SKUs are a few segments (`/tribe/squad/app`); a longer prefix matches nothing and
 * only makes every agent compare it against every workload.
 */
export const MAX_SKU_LENGTH = 256;

export const skuPrefix = z
  .string()
  .max(MAX_SKU_LENGTH, `must be at most ${MAX_SKU_LENGTH} characters long, e.g. /tribe/squad`)
  .superRefine(parsedBy(parseSku))
  .meta({
    examples: ['/tribe/squad'],
    description: 'Segment-wise: /tribe matches /tribe/a, not /tribes',
  });

/** Seconds to hold the request open for the agent's answer before replying 202. */
export const waitSeconds = z
  .number()
  .min(0)
  .max(60, 'must be at most 60 (seconds); poll GET /api/v1/actions/{id} for longer')
  .optional()
  .meta({
    description: 'Seconds to wait for the result before answering 202 (default 10, at most 60)',
  });

export const namespaceState = z.enum(NAMESPACE_STATES);

export const errorBody = z.object({
  error: z.string().meta({ description: 'Machine-readable code' }),
  message: z.string().meta({ description: 'What went wrong and what to do' }),
});

const price = (what: string) =>
  z
    .number()
    .min(0, 'must be 0 or more (dollars); 0 leaves it unpriced')
    .max(1_000, 'must be at most 1000 dollars; is it per hour?')
    .meta({ description: `US dollars per ${what}` });

/** Resource prices; each is optional so one can be set without the other. */
export const clusterPrices = z
  .object({ vcpuHour: price('vCPU-hour').optional(), gibHour: price('GiB-hour').optional() })
  .strict()
  .meta({ description: 'Unset prices use the hub defaults (COST_VCPU_HOUR, COST_GIB_HOUR)' });

/** A PATCH of prices: null drops the cluster's own price for the hub default. */
export const clusterPriceChanges = z
  .object({
    vcpuHour: price('vCPU-hour').nullable().optional(),
    gibHour: price('GiB-hour').nullable().optional(),
  })
  .strict();

export const clusterView = z.object({
  id: z.string(),
  name: z.string(),
  defaultChannel: z.string().optional(),
  createdAt: z.iso.datetime(),
  revoked: z.boolean(),
  connected: z.boolean(),
  hubInstance: z.string().optional(),
  agentVersion: z.string().optional(),
  agentInstance: z.string().optional(),
  capabilities: z.array(z.string()),
  lastSeen: z.iso.datetime().optional(),
  previousTokenValidUntil: z.iso.datetime().optional(),
  prices: z
    .object({ vcpuHour: z.number(), gibHour: z.number() })
    .meta({ description: 'Effective prices in $: the cluster’s own, else the hub defaults' }),
  priceOverrides: clusterPrices,
});

export const actionOutcome = z.object({
  id: z.string().optional(),
  state: z.enum(['done', 'pending', 'expired', 'unavailable']),
  message: z.string().optional(),
  progress: z.string().optional().meta({
    description:
      'While pending: what the agent said when it began, e.g. "deleting: dev is terminating; Kubernetes removes its contents first."',
  }),
  result: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: "The agent's CommandResult (proto3 JSON)" }),
});

export const helmInstall = z.object({
  id: z.string(),
  token: z.string().meta({ description: 'Shown once; only its hash is stored' }),
  helmCommand: z.string(),
  warnings: z
    .array(z.string())
    .optional()
    .meta({ description: 'What to fix before the command works (e.g. PUBLIC_GRPC_ADDRESS unset)' }),
});

/**
 * A client's X-Request-Id travels into the audit log, the hub's logs and the command the agent
 * receives (and its Kubernetes Events), so it is an identifier, not a payload: proxies generate
 * UUIDs (36) or trace ids (32–55); 128 leaves room and no more.
 */
export const MAX_REQUEST_ID_LENGTH = 128;
