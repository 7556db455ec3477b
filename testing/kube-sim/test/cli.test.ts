import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventually, kubectl } from './helpers.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'kube-sim.mjs');

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  return { child, out: () => out, err: () => err, exited };
}

describe('kube-sim CLI', () => {
  it('serves, writes the kubeconfig and loads a YAML fixture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-cli-'));
    const fixture = join(dir, 'fixture.yaml');
    writeFileSync(
      fixture,
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: from-fixture}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: from-fixture}\ndata: {k: v}\n',
    );
    const kc = join(dir, 'kubeconfig');
    const p = run(['--kubeconfig', kc, '--fixture', fixture, '--ready-delay-ms', '10']);
    try {
      await eventually(() => p.out().includes('kubeconfig written'), 15_000);
      const r = await kubectl(kc, [
        '-n',
        'from-fixture',
        'get',
        'cm',
        'c',
        '-o',
        'jsonpath={.data.k}',
      ]);
      expect(r.stdout).toBe('v');
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  });

  it('exits non-zero with a clear message for a bad port', async () => {
    const p = run(['--port', 'eighty']);
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('--port must be an integer 0..65535');
  });

  it('exits non-zero naming the choices for an unknown bookmark behaviour', async () => {
    const p = run(['--bookmarks', 'hourly']);
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('--bookmarks must be one of deadline, periodic, got hourly');
  });
});
