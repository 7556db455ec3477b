import {
  type ChildProcess,
  type SpawnOptions,
  type SpawnSyncOptions,
  spawn,
  spawnSync,
} from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real Node binary. `node_modules/.bin/node` (how the repo's Node 24 is installed) is a
 * pnpm shell wrapper that runs Node as its child without `exec`: a signal sent to the wrapper's
 * PID never reaches Node, and `kill -9` of it leaves Node running. Inside a Node process,
 * `process.execPath` is already the binary itself; from a shell: `node -p process.execPath`.
 */
export const NODE_BINARY = process.execPath;

const EXIT_WITH_PARENT = fileURLToPath(new URL('./exit-with-parent.ts', import.meta.url));
// Not imported from exit-with-parent.ts: importing it would arm its watch in this process.
const PARENT_PID_VARIABLE = 'CURFEW_EXIT_WITH_PARENT';

/**
 * Command and arguments that run a TypeScript entry point on the real Node binary, through
 * tsx's loader in the same process (not the tsx CLI, which runs the script in a second Node
 * process), and stopping when its parent dies.
 */
export function nodeCommand(script: string, env: NodeJS.ProcessEnv = process.env) {
  return {
    command: NODE_BINARY,
    args: ['--import', 'tsx', '--import', EXIT_WITH_PARENT, script],
    env: { ...env, [PARENT_PID_VARIABLE]: String(process.pid) },
  };
}

/** Spawns `script` so that the returned PID is Node's own: signals, SIGKILL included, reach it. */
export function spawnNode(script: string, options: SpawnOptions = {}): ChildProcess {
  const { command, args, env } = nodeCommand(script, options.env);
  return spawn(command, args, { ...options, env });
}

/** `spawnNode`, waiting for the process to exit. */
export function spawnNodeSync(script: string, options: SpawnSyncOptions = {}) {
  const { command, args, env } = nodeCommand(script, options.env);
  return spawnSync(command, args, { encoding: 'utf8', ...options, env });
}

/** Whether a process with this PID still runs (a zombie awaiting its parent's wait() does not). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return processState(pid) !== 'Z';
}

/** Resolves once `pid` has stopped; rejects naming the process when it still runs after `withinMs`. */
export async function waitUntilGone(pid: number, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) {
      throw new Error(`process ${pid} still runs after ${withinMs} ms: ${commandLine(pid)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** State letter and parent PID from /proc/<pid>/stat ("pid (comm) S ppid …"), Linux only. */
function stat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', ppid = '0'] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

function processState(pid: number): string | undefined {
  return stat(pid)?.state;
}

/** Every process below `pid` in the process tree, now (children first by depth). */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const child = Number(entry);
    if (!Number.isInteger(child)) continue;
    const ppid = stat(child)?.ppid;
    if (ppid === undefined) continue;
    parents.set(ppid, [...(parents.get(ppid) ?? []), child]);
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of parents.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The command line of a process, for messages. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}
