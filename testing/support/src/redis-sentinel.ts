/**
 * A Redis primary watched by one Sentinel, for tests of the hub's `redis+sentinel://` mode:
 * the hub asks the Sentinel where the primary is, as it would in production after a failover.
 * With `replica: true` a replica follows the primary and `failover()` kills the primary the way
 * a lost node does; the Sentinel then promotes the replica.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { type RedisServer, startRedisServer, waitUntil } from './redis-server.js';

export interface RedisSentinelOptions {
  masterName?: string;
  /** Start a replica of the primary, which the Sentinel promotes on `failover()`. */
  replica?: boolean;
}

export interface RedisSentinel {
  readonly primary: RedisServer;
  /** Only with `replica: true`. */
  readonly replica: RedisServer | undefined;
  readonly sentinelPort: number;
  readonly masterName: string;
  /** `redis+sentinel://127.0.0.1:<port>/<master name>`: the hub's REDIS_URL for it. */
  readonly url: string;
  /** The port the Sentinel names as the primary now. */
  currentPrimaryPort(): Promise<number | undefined>;
  /**
   * Waits until the replica has every write the primary has, SIGKILLs the primary (no shutdown,
   * as a lost node), and waits until the Sentinel names the replica as the primary.
   */
  failover(): Promise<void>;
  stop(): Promise<void>;
}

/** Whether redis-cli's answer to `args` contains `text` (false when it fails). */
function answers(port: number, args: string[], text: string): Promise<boolean> {
  return ask(port, args).then(
    (answer) => answer.includes(text),
    () => false,
  );
}

function ask(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('redis-cli', ['-p', String(port), ...args], { timeout: 10_000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
}

export async function startRedisSentinel(
  options: RedisSentinelOptions = {},
): Promise<RedisSentinel> {
  const masterName = options.masterName ?? 'curfew-primary';
  const primary = await startRedisServer();
  const replica = options.replica
    ? await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(primary.port)] })
    : undefined;
  if (replica) {
    // The Sentinel learns replicas from the primary's INFO; one that is linked before the
    // Sentinel starts is known at once, not after its 10 s INFO refresh.
    await waitUntil(
      () => answers(replica.port, ['INFO', 'replication'], 'master_link_status:up'),
      30_000,
      'replica not linked to the primary',
    ).catch(async (error: unknown) => {
      await primary.stop();
      await replica.stop();
      throw error;
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'curfew-sentinel-'));
  const sentinelPort = await freePort();
  const config = join(dir, 'sentinel.conf');
  // Sentinel rewrites its config file as it learns, so it must be a file of its own.
  writeFileSync(
    config,
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${primary.port} 1`,
      `sentinel down-after-milliseconds ${masterName} ${replica ? 1000 : 2000}`,
      `sentinel failover-timeout ${masterName} 10000`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await gone;
    }
    await primary.stop();
    await replica?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const currentPrimaryPort = async () => {
    const answer = await ask(sentinelPort, ['SENTINEL', 'get-master-addr-by-name', masterName]);
    const port = Number(answer.trim().split('\n')[1]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  };
  const names = (port: number) => async () =>
    (await currentPrimaryPort().catch(() => undefined)) === port;
  try {
    await waitUntil(names(primary.port), 30_000, 'Sentinel did not report the primary');
    if (replica) {
      await waitUntil(
        () => answers(sentinelPort, ['SENTINEL', 'replicas', masterName], String(replica.port)),
        30_000,
        'Sentinel did not learn of the replica',
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    primary,
    replica,
    sentinelPort,
    masterName,
    url: `redis+sentinel://127.0.0.1:${sentinelPort}/${masterName}`,
    currentPrimaryPort,
    async failover() {
      if (!replica)
        throw new Error('redis sentinel: started without a replica; pass { replica: true }');
      const offset = (port: number, field: string) =>
        ask(port, ['INFO', 'replication']).then(
          (info) => info.match(new RegExp(`${field}:(\\d+)`))?.[1],
        );
      await waitUntil(
        async () =>
          (await offset(primary.port, 'master_repl_offset').catch(() => 'primary')) ===
          (await offset(replica.port, 'slave_repl_offset').catch(() => 'replica')),
        30_000,
        'replica did not catch up with the primary',
      );
      await primary.kill();
      await waitUntil(names(replica.port), 30_000, 'Sentinel did not promote the replica');
    },
    stop,
  };
}
