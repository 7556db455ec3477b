/**
 * The agent as it runs in its image: TypeScript compiled by tsc (the Dockerfile's
 * helm/docker/tsconfig.agent.json) and started with plain `node main.js` — not through tsx,
 * whose loader alone adds ~50 MiB of RSS and would swamp what the agent itself uses.
 *
 * Like the image's `pnpm deploy`, but in a temporary directory and without touching the
 * repository: the compiled workspace packages get a package.json pointing at their compiled
 * entry, and the third-party dependencies are linked to the ones installed here.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseDockerfile } from '../../../../helm/test/support/dockerfile.js';
import { podHeapOption } from './pod-memory.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const run = promisify(execFile);

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

/** Compiles the agent into a fresh directory; returns its entry file and a cleanup. */
export async function compileAgent(): Promise<{ entry: string; remove: () => void }> {
  const out = mkdtempSync(join(tmpdir(), 'curfew-agent-build-'));
  await run(join(root, 'node_modules', '.bin', 'tsc'), [
    '-p',
    join(root, 'helm', 'docker', 'tsconfig.agent.json'),
    '--outDir',
    out,
  ]);
  const modules = join(out, 'node_modules');
  mkdirSync(join(modules, '@curfew'), { recursive: true });
  const linked = new Set<string>();
  for (const dir of ['agent', 'packages/core', 'packages/proto', 'packages/contracts']) {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
    if (dir !== 'agent') {
      writeFileSync(
        join(out, dir, 'package.json'),
        JSON.stringify({ name: manifest.name, type: 'module', exports: { '.': './src/index.js' } }),
      );
      symlinkSync(join(out, dir), join(modules, manifest.name));
    }
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      if (dep.startsWith('@curfew/') || linked.has(dep)) continue;
      linked.add(dep);
      // The installed copy's real path, so its own dependencies resolve from the pnpm store.
      const installed = realpathSync(join(root, dir, 'node_modules', dep));
      mkdirSync(dirname(join(modules, dep)), { recursive: true });
      symlinkSync(installed, join(modules, dep));
    }
  }
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
  return {
    entry: join(out, 'agent', 'src', 'main.js'),
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}

/**
 * What the kernel counts as resident for a process. `anon` is the agent's own memory (V8's
 * heap, malloc); `file` is mapped files, nearly all of it the node binary's code, shared by
 * every node process on the machine. `fileHuge` is the part of `file` mapped as 2 MiB huge
 * pages (FilePmdMapped: khugepaged collapses a binary that is run often, and then each process
 * counts every 2 MiB page it touched in full), which makes `file` depend on the machine.
 */
export interface Residency {
  rss: number;
  anon: number;
  file: number;
  fileHuge: number;
}

function kib(text: string, field: string, pid: number | undefined): number {
  const value = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1]);
  if (!Number.isFinite(value)) throw new Error(`no ${field} for the agent (pid ${pid})`);
  return value * 1024;
}

export interface AgentProcess {
  child: ChildProcess;
  /** Resident set size of the agent's own process, from /proc (bytes). */
  rss(): number;
  /** RSS split by kind, from /proc (bytes). */
  memory(): Residency;
  /** Resolves with the first JSON log line whose `msg` matches. */
  logged(msg: string, timeoutMs: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * The environment the agent's image sets (the runtime stage's `ENV` in agent/Dockerfile:
 * NODE_OPTIONS, MALLOC_ARENA_MAX, …), so the bench runs the process as deployed.
 */
export function imageEnv(): Record<string, string> {
  const dockerfile = parseDockerfile(readFileSync(join(root, 'agent', 'Dockerfile'), 'utf8'));
  const runtime = dockerfile.stages.at(-1);
  const env: Record<string, string> = {};
  for (const { keyword, args } of runtime?.instructions ?? []) {
    if (keyword !== 'ENV') continue;
    for (const [, name, quoted, bare] of args.matchAll(/(\w+)=(?:"([^"]*)"|(\S*))/g)) {
      env[name as string] = quoted ?? bare ?? '';
    }
  }
  if (env.NODE_OPTIONS === undefined) throw new Error('agent/Dockerfile sets no NODE_OPTIONS');
  return env;
}

/** The image's environment with the heap Node would size in the chart's pod. */
function agentEnv(): Record<string, string> {
  const image = imageEnv();
  return { ...image, NODE_OPTIONS: `${image.NODE_OPTIONS} ${podHeapOption()}` };
}

/**
 * A bare node process with the agent's Node options, idle: the baseline for what the agent's
 * own code and data add to RSS on this machine (the binary's shared code is in both).
 */
export async function bareNodeMemory(): Promise<Residency> {
  const child = spawn(
    process.execPath,
    ['-e', 'setInterval(() => {}, 1 << 30); process.stdout.write("ready\\n");'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        ...agentEnv(),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await once(child.stdout as NodeJS.ReadableStream, 'data');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return residency(child.pid);
  } finally {
    child.kill('SIGKILL');
  }
}

function residency(pid: number | undefined): Residency {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return {
    rss: kib(status, 'VmRSS', pid),
    anon: kib(status, 'RssAnon', pid),
    file: kib(status, 'RssFile', pid),
    fileHuge: kib(rollup, 'FilePmdMapped', pid),
  };
}

/**
 * Starts `node <entry>` (the real node binary: its pid is the agent's) with `env`, the image's
 * Node options and the heap Node would give it in the chart's pod (pod-memory.ts).
 */
export function startAgentProcess(entry: string, env: Record<string, string>): AgentProcess {
  const child = spawn(process.execPath, [entry], {
    cwd: dirname(entry),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...agentEnv(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        // Not a pino line; ignore.
      }
    }
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return {
    child,
    rss() {
      return kib(readFileSync(`/proc/${child.pid}/status`, 'utf8'), 'VmRSS', child.pid);
    },
    memory() {
      return residency(child.pid);
    },
    async logged(msg, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((l) => l.msg === msg);
        if (found) return found;
        if (child.exitCode !== null) {
          throw new Error(
            `the agent exited (${child.exitCode}) before logging "${msg}": ${stderr}`,
          );
        }
        if (Date.now() > deadline)
          throw new Error(`the agent did not log "${msg}" in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500).unref();
        });
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const exited = once(child, 'exit');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
