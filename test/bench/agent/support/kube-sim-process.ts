import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, RequestCounts } from './kube-sim-child.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');

export interface KubeSimProcess {
  /** A kubeconfig file for the agent. */
  kubeconfigPath: string;
  populate(namespaces: number, pods: number): Promise<void>;
  churn(pods: number): Promise<void>;
  /** Starts counting the agent's requests afresh. */
  mark(): Promise<void>;
  requests(): Promise<RequestCounts>;
  stop(): Promise<void>;
}

/** kube-sim in its own Node process (run through tsx; its memory is not what is measured). */
export async function startKubeSimProcess(): Promise<KubeSimProcess> {
  const child: ChildProcess = fork(join(here, 'kube-sim-child.ts'), [], {
    cwd: root,
    execPath: process.execPath,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [hello] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`kube-sim exited (${code}) before it was ready`);
    }),
  ])) as [{ ready: { kubeconfig: string } }];
  const dir = mkdtempSync(join(tmpdir(), 'curfew-bench-kube-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, hello.ready.kubeconfig);
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (message: { id?: number; value?: unknown; error?: string }) => {
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting || message.id === undefined) return;
    pending.delete(message.id);
    if (message.error) waiting.reject(new Error(`kube-sim: ${message.error}`));
    else waiting.resolve(message.value);
  });
  const call = <T>(request: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...request, id });
    });
  return {
    kubeconfigPath,
    populate: (namespaces, pods) => call({ op: 'populate', namespaces, pods }),
    churn: (pods) => call({ op: 'churn', pods }),
    mark: () => call({ op: 'mark' }),
    requests: () => call<RequestCounts>({ op: 'requests' }),
    async stop() {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        await call({ op: 'stop' }).catch(() => undefined);
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
