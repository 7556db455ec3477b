/**
 * Hub settings, read once at startup from the environment. Every error names the variable,
 * because a misconfigured hub must fail at boot with a message an operator can act on.
 */

import { hostname } from 'node:os';
import { type HelmInstallTarget, installTargetProblem } from '@curfew/contracts';
import { z } from 'zod';
import { parseSettingDuration } from './duration.js';
import { parseRedisUrl } from './redis/target.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseSettingDuration(text);
      if (ms === null) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not a duration like 90s, 10m, 1h30m`,
        });
        return z.NEVER;
      }
      return ms;
    });

/** Dollars; a price of 0 turns that part of the cost off. */
const price = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not a price in dollars like 0.0316`,
        });
        return z.NEVER;
      }
      return value;
    });

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

const apiToken = z.object({
  name: z.string().min(1),
  role: z.enum(['admin', 'read']),
  /** Hex sha256 of the token: the hub never holds API tokens in clear. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (sha256)'),
});
export type ApiTokenConfig = z.infer<typeof apiToken>;

const apiTokens = z
  .string()
  .default('[]')
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {name, role, sha256}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(apiToken));

/** A value printed in the agent's helm install command: checked by the builder's own rule. */
const installSetting = (field: keyof HelmInstallTarget) =>
  z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      const problem = installTargetProblem(field, value);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `${problem}: it goes into the printed helm command`,
        });
      }
    });

/** "true" or "false", as helm and env files write booleans. */
const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(fallback)
    .transform((text) => text === 'true');

/**
 * A setting the process cannot run without. zod's own message for a missing value ("expected
 * string, received undefined") does not say what to do, so a missing one gets `missing`.
 */
const required = (missing: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? `not set: ${missing}` : undefined),
  });

const signingSecret = required(
  'copy the Slack app\'s "Basic Information → Signing Secret" (the hub never answers Slack unverified)',
).min(1, 'is empty: copy the Slack app\'s "Basic Information → Signing Secret"');

const botToken = required(
  'copy the "Bot User OAuth Token" (xoxb-…) from the Slack app\'s "OAuth & Permissions" page',
).regex(/^xoxb-/, 'must be the bot token (xoxb-…) from the Slack app\'s "OAuth & Permissions"');

const settings = {
  HUB_INSTANCE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  /** One server, a Sentinel-managed primary or a Redis Cluster (redis/target.ts). */
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .superRefine((value, ctx) => {
      const parsed = parseRedisUrl(value);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
    }),
  /**
   * Key prefix so several hubs (or tests) can share one Redis. With Redis Cluster it must hold a
   * hash tag (`{curfew}:`): the hub's scripts and transactions touch several keys at once, which
   * Cluster allows only within one hash slot.
   */
  REDIS_PREFIX: z.string().default('curfew:'),
  HTTP_PORT: port(8080),
  GRPC_PORT: port(9090),
  /**
   * The address HTTP (Slack, admin API, probes) and gRPC listen on: every interface in a pod
   * (the Service and ingress reach it by the pod IP); the local run sets 127.0.0.1, so its
   * plaintext gRPC and unauthenticated probes are never reachable from the network.
   */
  BIND_ADDRESS: z
    .union([z.ipv4(), z.ipv6()], {
      error: 'must be an IP address to listen on, e.g. 0.0.0.0 (all interfaces) or 127.0.0.1',
    })
    .default('0.0.0.0'),
  /**
   * The hub's public https base URL (Slack's request URL is it + /slack/events). Only
   * `GET /slack/manifest` needs it, to fill in the URLs of the Slack app manifest; empty = unset.
   */
  PUBLIC_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .url({
        protocol: /^https$/,
        error: 'must be the https URL Slack reaches the hub at, e.g. https://curfew.example.com',
      })
      .optional(),
  ),
  /**
   * Where agents dial (host:port), as printed in the helm install command. Unset: the printed
   * command carries a placeholder naming this setting, and the answer says to set it.
   */
  PUBLIC_GRPC_ADDRESS: installSetting('hubGrpcAddress').optional(),
  /** Whether agents reach PUBLIC_GRPC_ADDRESS with TLS (the ingress or load balancer's). */
  PUBLIC_GRPC_TLS: flag('true'),
  AGENT_CHART: installSetting('chartRef').default('oci://ghcr.io/curfew/charts/curfew-agent'),
  /** The agent chart version the printed command pins (`--version`); unset: none pinned. */
  AGENT_CHART_VERSION: installSetting('chartVersion').optional(),
  AGENT_NAMESPACE: installSetting('namespace').default('curfew-system'),
  /** JSON array of {name, role: admin|read, sha256}. */
  API_TOKENS: apiTokens,
  COMMAND_TTL: duration('10m'),
  /** Extra time a command already sent to an agent gets to report before the hub expires it. */
  RESULT_GRACE: duration('60s'),
  /**
   * How long an idle keep-alive HTTP connection stays open. Longer than the idle timeout of the
   * load balancer or ingress in front (ALB 60 s, GCP 600 s on request): if the hub closes first,
   * a request the balancer sends on the closing connection fails as a 502. Node's own is 5 s.
   */
  HTTP_KEEPALIVE_TIMEOUT: duration('65s'),
  HEARTBEAT_INTERVAL: duration('10s'),
  /** Presence outlives a few missed heartbeats, so one slow beat does not look like a disconnect. */
  PRESENCE_TTL: duration('35s'),
  TOKEN_ROTATION_OVERLAP: duration('1h'),
  HELLO_TIMEOUT: duration('10s'),
  /**
   * Audit entries kept per cluster (and for the hub's own entries): each cluster's log is
   * capped on its own, so no cluster can push out another's history.
   */
  AUDIT_MAX_ENTRIES: z.coerce
    .number()
    .int('must be a whole number of entries')
    .min(10, 'must be at least 10 (entries per cluster)')
    .default(100_000),
  /**
   * Default prices for clusters registered without their own (roughly on-demand cloud VM
   * list prices split into CPU and memory); set them to what your clusters really cost.
   */
  COST_VCPU_HOUR: price('0.0316'),
  COST_GIB_HOUR: price('0.0042'),
  /**
   * PEM files for TLS on the agent port. Leave both unset when TLS ends at the ingress (the
   * usual set-up: a gRPC-capable ingress in front of plaintext pods).
   */
  GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
  GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
  /**
   * Slack. The process (loadProcessConfig) refuses to start without the signing secret and
   * bot token; they are optional here only so tests can build a hub without Slack.
   */
  SLACK_SIGNING_SECRET: signingSecret.optional(),
  SLACK_BOT_TOKEN: botToken.optional(),
  /** The slash command's name as configured in the Slack app. */
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]+$/i, 'must look like /devenv')
    .default('/devenv'),
  /** Comma-separated Slack user ids or emails of hub admins. */
  SLACK_ADMINS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
  /** Web API base URL, for a Slack stand-in (must end with "/"); unset = real Slack. */
  SLACK_API_URL: z.url().endsWith('/', 'must end with "/"').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

function tlsPair(
  config: { GRPC_TLS_CERT_FILE?: string | undefined; GRPC_TLS_KEY_FILE?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (Boolean(config.GRPC_TLS_CERT_FILE) !== Boolean(config.GRPC_TLS_KEY_FILE)) {
    ctx.addIssue({
      code: 'custom',
      path: [config.GRPC_TLS_CERT_FILE ? 'GRPC_TLS_KEY_FILE' : 'GRPC_TLS_CERT_FILE'],
      message: 'set both GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE, or neither',
    });
  }
}

function clusterPrefix(config: { REDIS_URL: string; REDIS_PREFIX: string }, ctx: z.RefinementCtx) {
  const target = parseRedisUrl(config.REDIS_URL);
  if ('error' in target || target.mode !== 'cluster') return;
  if (!/\{[^}]+\}/.test(config.REDIS_PREFIX)) {
    ctx.addIssue({
      code: 'custom',
      path: ['REDIS_PREFIX'],
      message: `must contain a hash tag with Redis Cluster, e.g. {${config.REDIS_PREFIX.replace(/:$/, '') || 'curfew'}}: — the hub's scripts touch several keys at once, which Cluster allows only in one hash slot`,
    });
  }
}

function crossChecks(config: HubConfig, ctx: z.RefinementCtx): void {
  tlsPair(config, ctx);
  clusterPrefix(config, ctx);
}

/** The hub's settings; Slack optional, so tests can build a hub without it. */
export const configSchema = z.object(settings).superRefine(crossChecks);

/** The settings the hub process runs with: Slack's secret and token are required. */
export const processConfigSchema = z
  .object({ ...settings, SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken })
  .superRefine(crossChecks);

export type HubConfig = z.infer<typeof configSchema>;
export type ProcessConfig = z.infer<typeof processConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** Parses the environment; throws one ConfigError listing every bad setting by name. */
export function loadConfig(env: Env = process.env): HubConfig {
  return parse(configSchema, env);
}

/** As loadConfig, for the hub process: also requires the Slack settings. */
export function loadProcessConfig(env: Env = process.env): ProcessConfig {
  return parse(processConfigSchema, env);
}

function parse<T>(schema: z.ZodType<T>, env: Env): T {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.');
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(`invalid hub configuration:\n  ${lines.join('\n  ')}`);
}
