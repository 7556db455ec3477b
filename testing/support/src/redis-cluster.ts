/**
 * A local Redis Cluster for tests: `masters` redis-server processes in cluster mode (no
 * replicas, nothing persisted), joined with `redis-cli --cluster create` and waited on until
 * CLUSTER INFO says `cluster_state:ok` on every node — what a managed "cluster mode" Redis
 * (ElastiCache, Memorystore Cluster) gives the hub.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface RedisCluster {
  /** Every node as `127.0.0.1:<port>`. */
  readonly nodes: string[];
  /** `redis+cluster://127.0.0.1:<port>,127.0.0.1:<port>,…`: the hub's REDIS_URL for it. */
  readonly url: string;
  stop(): Promise<void>;
}

function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('redis-cli', args, { timeout: 30_000 }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`redis-cli ${args.join(' ')}: ${stderr || error.message}`))
        : resolve(stdout),
    ),
  );
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis cluster: ${what} within ${timeoutMs} ms`);
}

/** A free port whose cluster-bus port (port + 10000, below 65536) is free as well. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10_000 <= 65_535 && (await portFree(port + 10_000))) return port;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function startRedisCluster(options: { masters?: number } = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  // redis-cli --cluster create refuses fewer than three masters.
  if (masters < 3) throw new Error('a Redis Cluster needs at least 3 masters');
  const dir = mkdtempSync(join(tmpdir(), 'curfew-redis-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await clusterPort();
      ports.push(port);
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '2000',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
    }
    for (const port of ports) {
      await until(
        async () => (await cli(['-p', String(port), 'PING'])).trim() === 'PONG',
        `node ${port} answering PING`,
      );
    }
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    await cli(['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
    for (const port of ports) {
      await until(
        async () =>
          (await cli(['-p', String(port), 'CLUSTER', 'INFO'])).includes('cluster_state:ok'),
        `node ${port} reporting cluster_state:ok`,
      );
    }
    return { nodes, url: `redis+cluster://${nodes.join(',')}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
