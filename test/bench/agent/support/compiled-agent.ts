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

export interface AgentProcess {
  child: ChildProcess;
  /** Resident set size of the agent's own process, from /proc (bytes). */
  rss(): number;
  /** Resolves with the first JSON log line whose `msg` matches. */
  logged(msg: string, timeoutMs: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * The Node options the agent's image runs with (`ENV NODE_OPTIONS=…` in agent/Dockerfile), so
 * the bench measures the process as deployed.
 */
export function imageNodeOptions(): string {
  const dockerfile = readFileSync(join(root, 'agent', 'Dockerfile'), 'utf8');
  const found = /NODE_OPTIONS=("[^"]*"|\S+)/.exec(dockerfile)?.[1];
  if (found === undefined) throw new Error('agent/Dockerfile sets no NODE_OPTIONS');
  return found.replace(/^"|"$/g, '');
}

/**
 * Starts `node <entry>` (the real node binary: its pid is the agent's) with `env`, and the
 * image's Node options.
 */
export function startAgentProcess(entry: string, env: Record<string, string>): AgentProcess {
  const child = spawn(process.execPath, [entry], {
    cwd: dirname(entry),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_OPTIONS: imageNodeOptions(),
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
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
      if (!Number.isFinite(kib)) throw new Error(`no VmRSS for the agent (pid ${child.pid})`);
      return kib * 1024;
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
