import { execFile } from 'node:child_process';

export interface ShellResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a shell command line (`kubectl …` as a person types it, pipes included) with
 * KUBECONFIG pointing at a simulated cluster; never rejects: the exit code is in the result.
 */
export function shell(
  kubeconfigPath: string,
  command: string,
  input?: string,
): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'sh',
      ['-c', command],
      { timeout: 30_000, env: { ...process.env, KUBECONFIG: kubeconfigPath } },
      (err, stdout, stderr) =>
        resolve({
          code: err ? Number(err.code ?? 1) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
        }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
