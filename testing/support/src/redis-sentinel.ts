/**
 * A Redis primary watched by one Sentinel, for tests of the hub's `redis+sentinel://` mode:
 * the hub asks the Sentinel where the primary is, as it would in production after a failover.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

export interface RedisSentinel {
  readonly primary: RedisServer;
  readonly sentinelPort: number;
  readonly masterName: string;
  /** `redis+sentinel://127.0.0.1:<port>/<master name>`: the hub's REDIS_URL for it. */
  readonly url: string;
  stop(): Promise<void>;
}

function ask(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('redis-cli', ['-p', String(port), ...args], { timeout: 10_000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
}

export async function startRedisSentinel(masterName = 'curfew-primary'): Promise<RedisSentinel> {
  const primary = await startRedisServer();
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
      `sentinel down-after-milliseconds ${masterName} 2000`,
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
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answer = await ask(sentinelPort, [
        'SENTINEL',
        'get-master-addr-by-name',
        masterName,
      ]).catch(() => '');
      if (answer.includes(String(primary.port))) break;
      if (Date.now() > deadline)
        throw new Error('redis sentinel: did not report the primary within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    primary,
    sentinelPort,
    masterName,
    url: `redis+sentinel://127.0.0.1:${sentinelPort}/${masterName}`,
    stop,
  };
}
