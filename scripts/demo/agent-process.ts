/**
 * One Curfew agent as a child process (`agent/src/main.ts`, configured by environment
 * exactly as the helm chart configures it), pointed at a kube-sim kubeconfig.
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, spawnNode } from '../../testing/support/src/index.js';
import { REPO_ROOT } from './hub-process.js';

const AGENT_MAIN = fileURLToPath(new URL('../../agent/src/main.ts', import.meta.url));

export interface AgentProcessOptions {
  clusterId: string;
  hubGrpcAddress: string;
  token: string;
  kubeconfigPath: string;
  uptime: string;
  reminderOffsetsMinutes: number[];
  /** Expiry warnings, whole minutes before a time bomb goes off. */
  expiryWarningOffsetsMinutes?: number[];
  /** The time-bomb admission webhooks: the port and the serving certificate's files. */
  webhook?: { port: number; certFile: string; keyFile: string };
  logFile: string;
}

export interface AgentProcess {
  readonly clusterId: string;
  readonly pid: number;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startAgentProcess(options: AgentProcessOptions): Promise<AgentProcess> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawnNode(AGENT_MAIN, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      CURFEW_CLUSTER_ID: options.clusterId,
      CURFEW_HUB_ADDRESS: options.hubGrpcAddress,
      CURFEW_HUB_TOKEN: options.token,
      // Loopback only; in a real cluster the hub is reached over TLS (the default).
      CURFEW_HUB_TLS: 'false',
      KUBECONFIG: options.kubeconfigPath,
      POD_NAME: `curfew-agent-${options.clusterId}`,
      POD_NAMESPACE: 'curfew-system',
      CURFEW_MODE: 'opt-in',
      CURFEW_DEFAULT_UPTIME: options.uptime,
      CURFEW_REMINDER_OFFSETS_MINUTES: options.reminderOffsetsMinutes.join(','),
      // One replica per cluster here, so no Lease round-trip before it starts acting.
      CURFEW_LEADER_ELECTION: 'false',
      CURFEW_HTTP_PORT: String(await freePort()),
      CURFEW_BIND_ADDRESS: '127.0.0.1',
      CURFEW_RESUME_READY_TIMEOUT_MS: '120000',
      ...(options.expiryWarningOffsetsMinutes
        ? { CURFEW_EXPIRY_WARNING_OFFSETS_MINUTES: options.expiryWarningOffsetsMinutes.join(',') }
        : {}),
      // As the chart sets them from the mounted webhook Secret; the webhook listens on
      // CURFEW_BIND_ADDRESS (loopback) like the probes.
      ...(options.webhook
        ? {
            CURFEW_WEBHOOK_PORT: String(options.webhook.port),
            CURFEW_WEBHOOK_CERT_FILE: options.webhook.certFile,
            CURFEW_WEBHOOK_KEY_FILE: options.webhook.keyFile,
          }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return {
    clusterId: options.clusterId,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited(child);
        clearTimeout(force);
      }
    },
  };
}
