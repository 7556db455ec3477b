/**
 * Starts a real `redis-server` on a free loopback port for one test file, and can kill and
 * restart it on the same port (outage tests). Without `persistDir` nothing is written to
 * disk; with it, every write is fsynced to an AOF there so a SIGKILL loses nothing, as in
 * production.
 *
 * Tests never share the machine's Redis on 6379: each starts its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { freePort } from './free-port.js';

export interface RedisServerOptions {
  /** Directory for an fsync-always AOF; omit for a purely in-memory server. */
  persistDir?: string;
  /** More `redis-server` arguments, e.g. `['--replicaof', '127.0.0.1', '6380']` for a replica. */
  args?: string[];
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** SIGKILL, as an outage would: no shutdown save. */
  kill(): Promise<void>;
  /** Kills it if running, then starts it again on the same port (and data directory). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Polls `check` until it holds; fails with `redis-server: <what> within <timeoutMs> ms`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server: ${what} within ${timeoutMs} ms`);
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', ''];
  if (options.persistDir) {
    args.push('--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.persistDir);
  } else {
    args.push('--appendonly', 'no');
  }
  args.push(...(options.args ?? []));
  let child: ChildProcess | undefined;

  const start = async () => {
    const spawned = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = spawned;
    let stderr = '';
    spawned.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<never>((_, reject) =>
      spawned.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}) on port ${port}: ${stderr.trim()}`)),
      ),
    );
    exited.catch(() => {});
    await Promise.race([waitUntil(() => ping(port), 10_000, 'not answering PING'), exited]);
  };

  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await gone;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: async () => {
      await kill();
      await start();
    },
    stop: kill,
  };
}
