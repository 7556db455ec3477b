/**
 * The cloud section of the agent's configuration: which AWS regions to look in, which tags
 * name a resource's namespace (and cluster), dry-run, timings, and prices. No credentials:
 * the AWS SDK finds them itself (IRSA / Pod Identity in the chart, the environment locally).
 */
import { isCurfewInputError, validateCloudPrices } from '@curfew/core';
import { z } from 'zod';

const positiveMs = z.number().int().positive();

/** AWS tag keys: 1–128 characters, and `aws:` is AWS's own prefix (read-only to users). */
const tagKey = z
  .string()
  .min(1)
  .max(128)
  .refine((key) => !key.toLowerCase().startsWith('aws:'), {
    message: 'tag keys starting with "aws:" are reserved by AWS; use e.g. curfew.dev/namespace',
  });

export const cloudSchema = z
  .object({
    /** Empty: no cloud resources are looked up (the feature is off). */
    regions: z
      .array(
        z
          .string()
          .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be AWS region names, e.g. eu-west-1,us-east-1'),
      )
      .default([]),
    namespaceTag: tagKey.default('curfew.dev/namespace'),
    /** When set, only resources whose tag with this key names this cluster's id are ours. */
    clusterTag: tagKey.optional(),
    /** Describe only: say what would be stopped and started; call no Stop or Start action. */
    dryRun: z.boolean().default(false),
    /** How long a region's lookup is reused by status, snapshots and the sweep. */
    cacheTtlMs: positiveMs.default(60_000),
    /** How often states are looked at while waiting for AWS during a suspend or resume. */
    pollMs: positiveMs.default(15_000),
    /** Suspend: how long to wait for a pending or busy resource to become stoppable. */
    stopTimeoutMs: positiveMs.default(10 * 60_000),
    /** Resume: how long to wait for resources to run before the workloads come back anyway. */
    startTimeoutMs: positiveMs.default(15 * 60_000),
    /** Suspended namespaces are looked at this often (RDS restarts databases after 7 days). */
    sweepIntervalMs: positiveMs.default(5 * 60_000),
    /** Attempts per AWS call, the first included (adaptive retry). */
    maxAttempts: z.number().int().min(1).max(20).default(5),
    /** `ec2/<instance type>` or `rds/<DB instance class>` → on-demand $ per hour. */
    prices: z
      .record(z.string(), z.number())
      .default({})
      .superRefine((prices, ctx) => {
        try {
          validateCloudPrices(prices);
        } catch (error) {
          if (!isCurfewInputError(error)) throw error;
          ctx.addIssue({ code: 'custom', message: `${error.message}: ${error.hint}` });
        }
      }),
  })
  .prefault({});

export type CloudConfig = z.infer<typeof cloudSchema>;

export const CLOUD_ENV_NAMES: Record<string, string> = {
  'cloud.regions': 'CURFEW_CLOUD_REGIONS',
  'cloud.namespaceTag': 'CURFEW_CLOUD_NAMESPACE_TAG',
  'cloud.clusterTag': 'CURFEW_CLOUD_CLUSTER_TAG',
  'cloud.dryRun': 'CURFEW_CLOUD_DRY_RUN',
  'cloud.cacheTtlMs': 'CURFEW_CLOUD_CACHE_TTL_MS',
  'cloud.pollMs': 'CURFEW_CLOUD_POLL_MS',
  'cloud.stopTimeoutMs': 'CURFEW_CLOUD_STOP_TIMEOUT_MS',
  'cloud.startTimeoutMs': 'CURFEW_CLOUD_START_TIMEOUT_MS',
  'cloud.sweepIntervalMs': 'CURFEW_CLOUD_SWEEP_INTERVAL_MS',
  'cloud.maxAttempts': 'CURFEW_CLOUD_MAX_ATTEMPTS',
  'cloud.prices': 'CURFEW_CLOUD_PRICES',
};

/** How the environment spells each cloud setting (load.ts converts by these). */
export const CLOUD_ENV_TYPES = {
  numeric: [
    'cloud.cacheTtlMs',
    'cloud.pollMs',
    'cloud.stopTimeoutMs',
    'cloud.startTimeoutMs',
    'cloud.sweepIntervalMs',
    'cloud.maxAttempts',
  ],
  booleans: ['cloud.dryRun'],
  lists: ['cloud.regions'],
  /** `ec2/t3.medium=0.0416,rds/db.t3.medium=0.072` */
  prices: ['cloud.prices'],
} as const;
