import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { descendants, isRunning, nodeCommand, spawnNode, waitUntilGone } from '../src/index.js';

const IDLE = fileURLToPath(new URL('./fixtures/idle.ts', import.meta.url));
const PARENT = fileURLToPath(new URL('./fixtures/parent.ts', import.meta.url));
const WRAPPER = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
});

/** Waits for the first line that starts with `prefix` and returns the PID after it. */
async function pidFrom(child: ChildProcess, prefix: string): Promise<number> {
  let out = '';
  for await (const chunk of child.stdout ?? []) {
    out += String(chunk);
    const match = new RegExp(`^${prefix} (\\d+)$`, 'm').exec(out);
    if (match) return Number(match[1]);
  }
  throw new Error(`no "${prefix} <pid>" line; output: ${out}`);
}

describe('Node processes that tests and bin/start spawn', () => {
  it('node_modules/.bin/node is a shell wrapper: kill -9 of its PID leaves Node running', async () => {
    const { args } = nodeCommand(IDLE);
    const wrapper = spawn(WRAPPER, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const node = await pidFrom(wrapper, 'idle');
    leftovers.push(node);
    expect(node).not.toBe(wrapper.pid);
    wrapper.kill('SIGKILL');
    await once(wrapper, 'exit');
    expect(isRunning(node)).toBe(true);
  });

  it('spawnNode gives Node’s own PID: kill -9 of it ends Node, leaving nothing behind', async () => {
    const child = spawnNode(IDLE, { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = await pidFrom(child, 'idle');
    expect(pid).toBe(child.pid);
    expect(descendants(pid)).toEqual([]);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isRunning(pid)).toBe(false);
  });

  it('a spawned process stops when its parent is killed with -9', async () => {
    const parent = spawnNode(PARENT, { stdio: ['ignore', 'pipe', 'ignore'] });
    const child = await pidFrom(parent, 'child');
    leftovers.push(child);
    expect(descendants(parent.pid ?? -1)).toContain(child);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    await waitUntilGone(child, 5_000);
  });
});
