/**
 * `bin/start` as a person runs it, then stopped the hard way. `node_modules/.bin/node` and
 * `.bin/tsx` are shell wrappers that keep Node as a child, so `kill -9` of a PID that belongs to
 * a wrapper leaves Node running; bin/start execs the real binary, and the hub and agents it starts
 * stop when it dies.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  commandLine,
  descendants,
  isRunning,
  type RedisServer,
  startRedisServer,
  waitUntilGone,
} from '@curfew/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TIMER } from '../../scripts/demo/seed.js';
import { isLoopback, listeningSockets } from './support/listening.js';

const BIN_START = fileURLToPath(new URL('../../bin/start', import.meta.url));

let redis: RedisServer | undefined;
let started: ChildProcess | undefined;
let tree: number[] = [];
afterEach(async () => {
  for (const pid of [started?.pid ?? -1, ...tree]) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  await redis?.stop();
});

async function untilReady(child: ChildProcess, withinMs: number): Promise<string> {
  let out = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), withinMs);
  try {
    for await (const chunk of child.stdout ?? []) {
      out += String(chunk);
      // The whole banner: it ends with the line saying how to stop.
      if (out.includes('\nReady.') && out.includes('Ctrl-C stops everything.')) return out;
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`bin/start ended before it was ready:\n${out}`);
}

describe('bin/start', () => {
  it('seeds time bombs its agents’ webhooks stamp; kill -9 of its PID stops the local run and every Node process it started', {
    timeout: 150_000,
  }, async () => {
    // A Redis of the test's own: bin/start's private redis-server is not a Node process.
    redis = await startRedisServer();
    started = spawn(BIN_START, [], {
      env: { ...process.env, REDIS_URL: redis.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const banner = await untilReady(started, 120_000);
    const pid = started.pid ?? -1;

    // The demo's time bombs: created after the agents' admission webhooks were installed, so
    // kube-sim had the agent stamp them; the tour says when they go off.
    const kubeconfig = /kubectl --kubeconfig (\S+dev-eu\.kubeconfig) get ns/.exec(banner)?.[1];
    expect(kubeconfig).toBeDefined();
    const got = spawnSync(
      'kubectl',
      ['--kubeconfig', kubeconfig ?? '', 'get', 'deploy,sts', '-n', 'preview-42', '-o', 'json'],
      { encoding: 'utf8' },
    );
    expect(got.stderr).toBe('');
    const items = (
      JSON.parse(got.stdout) as {
        items: {
          metadata: { name: string };
          spec: { template: { metadata: { annotations?: Record<string, string> } } };
        }[];
      }
    ).items;
    expect(items.map((i) => i.metadata.name).sort()).toEqual(['checkout', 'checkout-db']);
    for (const item of items) {
      const annotations = item.spec.template.metadata.annotations ?? {};
      expect(annotations['curfew.dev/timer']).toBe(DEMO_TIMER);
      expect(annotations['curfew.dev/valid-until']).toMatch(/^\d{10}$/);
      expect(annotations['curfew.dev/valid-until-human']).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
    }
    expect(banner).toContain('ana gets an expiry warning');
    tree = descendants(pid);
    // The PID a person holds (`bin/start &` then `$!`) is Node's own, not a wrapper shell's.
    expect(commandLine(pid)).toMatch(/\/node --import tsx scripts\/start-local\.ts/);
    const commands = tree.map(commandLine);
    expect(commands.filter((c) => c.includes('hub/src/main.ts'))).toHaveLength(1);
    expect(commands.filter((c) => c.includes('agent/src/main.ts'))).toHaveLength(2);

    // Nothing it runs is reachable from the network: the hub's plaintext gRPC, its HTTP and the
    // agents' probes listen on loopback only, as do the simulators and Redis.
    const sockets = listeningSockets([pid, ...tree]);
    expect(sockets.length).toBeGreaterThanOrEqual(4);
    expect(sockets.filter((s) => !isLoopback(s.address))).toEqual([]);

    started.kill('SIGKILL');
    await once(started, 'exit');
    expect(isRunning(pid)).toBe(false);
    for (const child of tree) await waitUntilGone(child, 30_000);
  });
});
