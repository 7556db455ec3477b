import {
  DEFAULT_SUPPORT_COMMAND,
  DEFAULT_SUPPORT_IMAGE,
  DEFAULT_SUPPORT_RUN_AS_USER,
  DEFAULT_SUPPORT_TIMER,
  parseDuration,
  resolveTimeZone,
} from '@curfew/core';
import { z } from 'zod';
import { CLOUD_ENV_NAMES, cloudSchema } from './cloud-schema.js';

const dnsLabel = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a DNS-1123 label (lowercase letters, digits, "-")',
  )
  .max(63);

const positiveMs = z.number().int().positive();

/** Warning offsets: whole minutes before the deadline, at most a day, at least one. */
const offsetsMinutes = z
  .array(
    z
      .number()
      .int()
      .positive()
      .max(24 * 60),
  )
  .min(1);

/**
 * The agent's whole configuration. Durations are milliseconds; every field has the env var
 * that sets it in ENV_NAMES so an error can name what to change.
 */
export const configSchema = z
  .object({
    clusterId: dnsLabel,
    instanceId: z.string().min(1),
    agentNamespace: dnsLabel,
    kubeconfig: z.string().min(1).optional(),
    hub: z.object({
      address: z
        .string()
        .regex(
          /^[^\s/:]+:\d{1,5}$/,
          'must be host:port of the hub gRPC endpoint, e.g. hub.example.com:443',
        ),
      token: z.string().min(16, 'must be the agent token printed when the cluster was registered'),
      tls: z.boolean().default(true),
      caFile: z.string().min(1).optional(),
      notificationStaleAfterMs: positiveMs.default(60 * 60_000),
    }),
    policy: z
      .object({
        mode: z.enum(['opt-in', 'opt-out']).default('opt-in'),
        defaultUptime: z.string().min(1).default('Mon-Fri 08:00-19:00 UTC'),
        /** Zone for windows written without one (kube-downscaler's DEFAULT_TIMEZONE). */
        defaultTimeZone: z
          .string()
          .min(1)
          .refine((zone) => 'zone' in resolveTimeZone(zone), {
            message:
              'must be an IANA time zone such as Europe/Berlin or a fixed offset such as +01:00 (not an abbreviation such as BST or IST)',
          })
          .optional(),
        /** Days for windows written without them (kube-downscaler's DEFAULT_WEEKFRAME). */
        defaultWeekFrame: z
          .string()
          .regex(
            /^\s*(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?\s*$/i,
            'must be a day or a range of days such as Mon-Fri or Sun',
          )
          .optional(),
        reminderOffsetsMinutes: offsetsMinutes.default([60, 30, 15]),
        systemNamespaces: z.array(dnsLabel).default([]),
      })
      .prefault({}),
    leaderElection: z
      .object({
        enabled: z.boolean().default(true),
        leaseName: dnsLabel.default('curfew-agent'),
        leaseDurationMs: positiveMs.default(15_000),
        renewDeadlineMs: positiveMs.default(10_000),
        retryPeriodMs: positiveMs.default(2_000),
      })
      .refine((l) => l.renewDeadlineMs < l.leaseDurationMs, {
        message: 'renewDeadlineMs must be shorter than leaseDurationMs, or two leaders can overlap',
        path: ['renewDeadlineMs'],
      })
      .refine((l) => l.retryPeriodMs < l.renewDeadlineMs, {
        message:
          'retryPeriodMs must be shorter than renewDeadlineMs, or a renewal never gets a retry',
        path: ['retryPeriodMs'],
      })
      .prefault({}),
    /**
     * The time-bomb admission webhooks (served by every replica, leader or not). Off unless a
     * serving certificate is configured.
     */
    webhook: z
      .object({
        port: z.number().int().min(0).max(65_535).default(9443),
        certFile: z.string().min(1).optional(),
        keyFile: z.string().min(1).optional(),
      })
      .refine((w) => (w.certFile === undefined) === (w.keyFile === undefined), {
        message: 'set both the certificate and the key file, or neither (webhooks off)',
        path: ['certFile'],
      })
      .prefault({}),
    httpPort: z.number().int().min(0).max(65_535).default(8080),
    /**
     * The address the probes/metrics server and the admission webhooks listen on. In a pod that is
     * every interface (the kubelet and the apiserver reach it by the pod IP); the local run and any
     * host without a network policy in front set 127.0.0.1 so nothing is served beyond loopback.
     */
    bindAddress: z
      .union([z.ipv4(), z.ipv6()], {
        error: 'must be an IP address to listen on, e.g. 0.0.0.0 (all interfaces) or 127.0.0.1',
      })
      .default('0.0.0.0'),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    concurrency: z.number().int().min(1).max(256).default(16),
    resumeReadyTimeoutMs: positiveMs.default(10 * 60_000),
    /**
     * How long a delete waits for Kubernetes to remove the namespace before it reports "stuck
     * terminating" with what holds it. Below the hub's COMMAND_TTL (10 minutes by default), so
     * the requester hears the answer rather than "no result in time".
     */
    deleteStuckAfterMs: positiveMs.default(5 * 60_000),
    /** Time bombs: owners are warned this many minutes before expiry (each once). */
    expiryWarningOffsetsMinutes: offsetsMinutes.default([60, 15]),
    /** `/devenv support start <name> <size>`: management pods in the agent's namespace. */
    support: z
      .object({
        image: z.string().min(1).default(DEFAULT_SUPPORT_IMAGE),
        /** The container's command; empty keeps the image's own entrypoint. */
        command: z.array(z.string().min(1)).default([...DEFAULT_SUPPORT_COMMAND]),
        /** How long a support pod lives before the expiry deletes it. */
        timer: z
          .string()
          .default(DEFAULT_SUPPORT_TIMER)
          .refine((t) => durationOk(t), {
            message: 'must be a duration like 8h, 90m or 1d',
          }),
        /** Non-root user the pod runs as (the image must work as that user). */
        runAsUser: z.number().int().min(1).default(DEFAULT_SUPPORT_RUN_AS_USER),
      })
      .prefault({}),
    /** EC2 and RDS resources tagged with a namespace stop and start with it. */
    cloud: cloudSchema,
    /**
     * GitOps-aware suspend: the Argo CD Applications and Flux Kustomizations/HelmReleases that
     * manage a namespace's workloads are paused before it is scaled down (or they would scale it
     * straight back up) and restored on resume. `auto`: on for each kind whose CRD is served and
     * the agent may change; `off`: never touched (the chart sets it without gitops.enabled).
     */
    gitops: z
      .object({
        mode: z
          .enum(['auto', 'off'], {
            error:
              'must be auto (pause Argo CD and Flux reconcilers when their CRDs are served) or off',
          })
          .default('auto'),
        /** Where Argo CD's Applications live (what an `argocd.argoproj.io/instance` label names). */
        argoNamespace: dnsLabel.default('argocd'),
        /** How often the leader restores reconcilers paused for namespaces no longer suspended. */
        sweepIntervalMs: positiveMs.default(5 * 60_000),
      })
      .prefault({}),
  })
  .strict();

export type AgentConfig = z.infer<typeof configSchema>;
export type AgentConfigInput = z.input<typeof configSchema>;

/** Environment variable for each setting (dotted path → name). */
export const ENV_NAMES: Record<string, string> = {
  clusterId: 'CURFEW_CLUSTER_ID',
  instanceId: 'POD_NAME',
  agentNamespace: 'POD_NAMESPACE',
  kubeconfig: 'KUBECONFIG',
  'hub.address': 'CURFEW_HUB_ADDRESS',
  'hub.token': 'CURFEW_HUB_TOKEN',
  'hub.tls': 'CURFEW_HUB_TLS',
  'hub.caFile': 'CURFEW_HUB_CA_FILE',
  'hub.notificationStaleAfterMs': 'CURFEW_NOTIFICATION_STALE_AFTER_MS',
  'policy.mode': 'CURFEW_MODE',
  'policy.defaultUptime': 'CURFEW_DEFAULT_UPTIME',
  'policy.defaultTimeZone': 'CURFEW_DEFAULT_TIMEZONE',
  'policy.defaultWeekFrame': 'CURFEW_DEFAULT_WEEKFRAME',
  'policy.reminderOffsetsMinutes': 'CURFEW_REMINDER_OFFSETS_MINUTES',
  'policy.systemNamespaces': 'CURFEW_SYSTEM_NAMESPACES',
  'leaderElection.enabled': 'CURFEW_LEADER_ELECTION',
  'leaderElection.leaseName': 'CURFEW_LEASE_NAME',
  'leaderElection.leaseDurationMs': 'CURFEW_LEASE_DURATION_MS',
  'leaderElection.renewDeadlineMs': 'CURFEW_RENEW_DEADLINE_MS',
  'leaderElection.retryPeriodMs': 'CURFEW_RETRY_PERIOD_MS',
  'webhook.port': 'CURFEW_WEBHOOK_PORT',
  'webhook.certFile': 'CURFEW_WEBHOOK_CERT_FILE',
  'webhook.keyFile': 'CURFEW_WEBHOOK_KEY_FILE',
  httpPort: 'CURFEW_HTTP_PORT',
  bindAddress: 'CURFEW_BIND_ADDRESS',
  logLevel: 'CURFEW_LOG_LEVEL',
  concurrency: 'CURFEW_CONCURRENCY',
  resumeReadyTimeoutMs: 'CURFEW_RESUME_READY_TIMEOUT_MS',
  deleteStuckAfterMs: 'CURFEW_DELETE_STUCK_AFTER_MS',
  expiryWarningOffsetsMinutes: 'CURFEW_EXPIRY_WARNING_OFFSETS_MINUTES',
  'support.image': 'CURFEW_SUPPORT_IMAGE',
  'support.command': 'CURFEW_SUPPORT_COMMAND',
  'support.timer': 'CURFEW_SUPPORT_TIMER',
  'support.runAsUser': 'CURFEW_SUPPORT_RUN_AS_USER',
  'gitops.mode': 'CURFEW_GITOPS',
  'gitops.argoNamespace': 'CURFEW_ARGOCD_NAMESPACE',
  'gitops.sweepIntervalMs': 'CURFEW_GITOPS_SWEEP_INTERVAL_MS',
  ...CLOUD_ENV_NAMES,
};

function durationOk(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}
