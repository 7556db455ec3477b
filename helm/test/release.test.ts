/**
 * bin/release as a person runs it (helm/src/release/main.ts, from the repository root), with
 * PATH under the test's control: no engine, an engine without its daemon, and a stand-in engine
 * that records what it is asked (no container engine runs here) — while helm is the real one, so
 * the charts are really packaged and the packages rendered back.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HELM, helm, renderedObjects } from './support/helm.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'helm/src/release/main.ts');
const VERSION = '2.3.4-rc.1';
const REGISTRY = 'registry.example.com:5000/acme/curfew';

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'curfew-release-test-'));
  dirs.push(dir);
  return dir;
}

/** A PATH holding only helm, git and, when asked, a stand-in `docker` that logs its arguments. */
function pathWith(engine: 'none' | 'no-daemon' | 'working'): { path: string; log: string } {
  const bin = tempDir();
  const log = join(bin, 'engine.log');
  symlinkSync(HELM, join(bin, 'helm'));
  const git = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  if (git) symlinkSync(git, join(bin, 'git'));
  if (engine !== 'none') {
    const info =
      engine === 'working'
        ? 'exit 0'
        : 'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1';
    writeFileSync(
      join(bin, 'docker'),
      `#!/bin/sh\necho "$*" >> '${log}'\nif [ "$1" = info ]; then ${info}; fi\nexit 0\n`,
    );
    chmodSync(join(bin, 'docker'), 0o755);
  }
  return { path: bin, log };
}

function release(args: string[], path: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: path,
      HOME: process.env.HOME ?? '/tmp',
      HELM_CONFIG_HOME: '/tmp/curfew-helm-test/config',
      HELM_CACHE_HOME: '/tmp/curfew-helm-test/cache',
      HELM_DATA_HOME: '/tmp/curfew-helm-test/data',
    },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const engineLog = (log: string) =>
  existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];

describe('bin/release', () => {
  it('--dry-run prints every command, runs none, and needs no engine', () => {
    const { path } = pathWith('none');
    const out = join(tempDir(), 'out');
    const run = release(
      ['--registry', REGISTRY, '--version', VERSION, '--out', out, '--dry-run'],
      path,
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('neither docker nor podman is on PATH');
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'docker build',
      'docker build',
      'docker push',
      'docker push',
      '# copy',
      'helm package',
      '# copy',
      'helm package',
      'helm push',
      'helm push',
    ]);
    expect(lines).toContain(`docker push ${REGISTRY}/hub:${VERSION}`);
    expect(lines).toContain(`helm push ${out}/curfew-hub-${VERSION}.tgz oci://${REGISTRY}/charts`);
    expect(existsSync(out)).toBe(false);
  });

  it('without a container engine it stops before doing anything, saying what to install or pass', () => {
    const { path } = pathWith('none');
    const out = join(tempDir(), 'out');
    const run = release(['--registry', REGISTRY, '--out', out], path);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no container engine: neither docker nor podman is on PATH');
    expect(run.stderr).toContain('--charts-only');
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('with an engine whose daemon is not running it stops before building, saying so', () => {
    const { path, log } = pathWith('no-daemon');
    const run = release(['--registry', REGISTRY, '--out', join(tempDir(), 'out')], path);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('docker is installed but cannot build');
    expect(run.stderr).toContain('Is the docker daemon running?');
    expect(engineLog(log)).toEqual(['info']);
  });

  it('--no-push builds both images and packages both charts with the version, naming the released images and agent chart', () => {
    const { path, log } = pathWith('working');
    const out = join(tempDir(), 'out');
    const valuesBefore = readFileSync(join(ROOT, 'helm/curfew-hub/values.yaml'), 'utf8');
    const run = release(
      ['--registry', REGISTRY, '--version', VERSION, '--out', out, '--no-push'],
      path,
    );
    expect(run.stderr.replace(/^bin\/release: the work tree has uncommitted.*\n/m, '')).toBe('');
    expect(run.status).toBe(0);
    expect(
      engineLog(log).map((l) => l.replace(/ --label org\.opencontainers\.image\.revision=\S+/, '')),
    ).toEqual([
      'info',
      `build -f hub/Dockerfile -t ${REGISTRY}/hub:${VERSION} --label org.opencontainers.image.title=curfew-hub --label org.opencontainers.image.version=${VERSION} .`,
      `build -f agent/Dockerfile -t ${REGISTRY}/agent:${VERSION} --label org.opencontainers.image.title=curfew-agent --label org.opencontainers.image.version=${VERSION} .`,
    ]);

    for (const chart of ['curfew-hub', 'curfew-agent']) {
      const shown = helm(['show', 'chart', join(out, `${chart}-${VERSION}.tgz`)]);
      expect(shown.status).toBe(0);
      expect(shown.stdout).toContain(`version: ${VERSION}`);
      expect(shown.stdout).toContain(`appVersion: ${VERSION}`);
    }
    const hub = helm([
      'template',
      'curfew-hub',
      join(out, `curfew-hub-${VERSION}.tgz`),
      '--set',
      'redis.enabled=true',
    ]);
    expect(hub.stderr).toBe('');
    const deployment = renderedObjects(hub.stdout).find(
      (o) => o.kind === 'Deployment' && !o.metadata.name.includes('redis'),
    ) as unknown as {
      spec: {
        template: {
          spec: { containers: { image: string; env: { name: string; value?: string }[] }[] };
        };
      };
    };
    const container = deployment.spec.template.spec.containers[0];
    expect(container?.image).toBe(`${REGISTRY}/hub:${VERSION}`);
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    expect(env.AGENT_CHART).toBe(`oci://${REGISTRY}/charts/curfew-agent`);
    expect(env.AGENT_CHART_VERSION).toBe(VERSION);

    const agent = helm([
      'template',
      'curfew-agent',
      join(out, `curfew-agent-${VERSION}.tgz`),
      '--namespace',
      'curfew-system',
      '--set-string',
      'clusterId=dev-eu',
      '--set-string',
      'hub.address=hub.example.com:443',
      '--set-string',
      'token.value=0123456789abcdef0123',
    ]);
    expect(agent.stderr).toBe('');
    expect(agent.stdout).toContain(`image: "${REGISTRY}/agent:${VERSION}"`);
    // The release edits copies: the charts in helm/ keep their own defaults.
    expect(readFileSync(join(ROOT, 'helm/curfew-hub/values.yaml'), 'utf8')).toBe(valuesBefore);
  });

  it('a push that fails stops the release there and names the step, after both images were pushed', () => {
    const { path, log } = pathWith('working');
    // Nothing listens on port 9 of loopback: helm push fails at once.
    const run = release(
      [
        '--registry',
        REGISTRY,
        '--charts',
        'oci://127.0.0.1:9/charts',
        '--version',
        VERSION,
        '--out',
        join(tempDir(), 'out'),
      ],
      path,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('bin/release: this step failed');
    expect(run.stderr).toContain(`helm push`);
    expect(run.stderr).toContain(`curfew-agent-${VERSION}.tgz oci://127.0.0.1:9/charts`);
    expect(engineLog(log).filter((l) => l.startsWith('push'))).toEqual([
      `push ${REGISTRY}/hub:${VERSION}`,
      `push ${REGISTRY}/agent:${VERSION}`,
    ]);
    // The hub chart, which names the agent chart, is never pushed before the agent chart.
    expect(run.stdout.trim().split('\n').at(-1)).toContain('helm push');
    expect(run.stdout.trim().split('\n').at(-1)).toContain('curfew-agent');
  });
});
