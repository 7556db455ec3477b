/**
 * One hub replica as a child process, started exactly as in production (`hub/src/main.ts`,
 * settings from the environment), so the demo and the end-to-end tests exercise the real
 * entry point and a replica can be killed like a crashed pod.
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, spawnNode } from '../../testing/support/src/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HUB_MAIN = fileURLToPath(new URL('../../hub/src/main.ts', import.meta.url));

export interface HubProcessOptions {
  instanceId: string;
  /** Settings on top of HTTP_PORT/GRPC_PORT/HUB_INSTANCE_ID (which this helper picks). */
  env: Record<string, string>;
  /** Where the replica's JSON log goes; kept in memory (last lines) when unset. */
  logFile?: string;
  readyTimeoutMs?: number;
}

export interface HubProcess {
  readonly instanceId: string;
  readonly httpPort: number;
  readonly grpcPort: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly pid: number;
  /** The last lines the replica wrote (when no log file is used), for failure messages. */
  recentOutput(): string;
  /** SIGKILL: a crashed pod, no draining. */
  kill(): Promise<void>;
  /** SIGTERM: the replica drains its agents to the others, then exits. */
  stop(): Promise<void>;
}

async function waitReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`hub exited with ${child.exitCode} before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`hub at ${url} was not ready within ${timeoutMs} ms:\n${output()}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Spawns the replica and returns at once, so the caller can register `stop()` before waiting
 * (an interrupted start must not leave the process behind); `ready` resolves on /readyz.
 */
export async function launchHubProcess(
  options: HubProcessOptions,
): Promise<HubProcess & { ready: Promise<void> }> {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  // The real Node binary, so `pid` is the hub's own and a SIGKILL is a crashed pod.
  const child = spawnNode(HUB_MAIN, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...options.env,
      HUB_INSTANCE_ID: options.instanceId,
      // Loopback only: the local run's gRPC is plaintext and its probes are unauthenticated.
      BIND_ADDRESS: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail: string[] = [];
  let file: WriteStream | undefined;
  if (options.logFile) file = createWriteStream(options.logFile, { flags: 'a' });
  const keep = (chunk: Buffer) => {
    if (file) file.write(chunk);
    else tail = [...tail, ...chunk.toString().split('\n')].slice(-40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const recentOutput = () => tail.join('\n');
  const url = `http://127.0.0.1:${httpPort}`;
  const closeLog = () => new Promise<void>((resolve) => (file ? file.end(resolve) : resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const handle = {
    instanceId: options.instanceId,
    httpPort,
    grpcPort,
    url,
    pid: child.pid ?? -1,
    recentOutput,
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited(child);
      await closeLog();
    },
    async stop() {
      if (running()) {
        child.kill('SIGTERM');
        // A replica that cannot drain within its own grace is killed, like the kubelet would.
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited(child);
        clearTimeout(force);
      }
      await closeLog();
    },
  };
  // The replica's own signal (/readyz, or its exit) decides; the ceiling only catches a hang. A
  // loaded 2-core machine (CI beside other suites) can take well over 30 s to import and boot.
  const ready = waitReady(url, child, options.readyTimeoutMs ?? 180_000, recentOutput).catch(
    async (error: unknown) => {
      await handle.kill();
      throw error;
    },
  );
  return { ...handle, ready };
}

/** Spawns the replica and waits until it is ready (killing it if it never is). */
export async function startHubProcess(options: HubProcessOptions): Promise<HubProcess> {
  const { ready, ...hub } = await launchHubProcess(options);
  await ready;
  return hub;
}
