import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledPackages, deployManifest, toDist } from '../docker/prepare-deploy.js';
import { parseDockerfile, type Stage } from './support/dockerfile.js';

const ROOT = join(import.meta.dirname, '..', '..');
const APPS = ['hub', 'agent'] as const;
/** Each app's process entry once compiled (each app's index.ts is its library surface). */
const ENTRY = { hub: 'dist/main.js', agent: 'dist/main.js' } as const;

function dockerfile(app: string) {
  return parseDockerfile(readFileSync(join(ROOT, app, 'Dockerfile'), 'utf8'));
}
const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe.each(APPS)('%s/Dockerfile', (app) => {
  const file = dockerfile(app);
  const build = file.stages[0] as Stage;
  const runtime = file.stages.at(-1) as Stage;

  it('is multi-stage, every stage on Node 24', () => {
    expect(file.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of file.stages)
      expect(stage.from).toMatch(/^node:24(\.\d+)*-(bookworm-slim|alpine)/);
  });

  it('installs with pnpm through corepack from the frozen lockfile', () => {
    const runs = all(build, 'RUN');
    expect(runs).toContain('corepack enable');
    expect(runs.some((r) => r.startsWith('pnpm install') && r.includes('--frozen-lockfile'))).toBe(
      true,
    );
  });

  it('compiles with tsc using the image build config of this app', () => {
    expect(all(build, 'RUN')).toContain(
      `node_modules/.bin/tsc -p helm/docker/tsconfig.${app}.json`,
    );
  });

  it('deploys only production dependencies of this app', () => {
    const deploy = all(build, 'RUN').find((r) => / deploy /.test(r));
    expect(deploy).toMatch(new RegExp(`--filter @curfew/${app} `));
    expect(deploy).toContain('--prod');
  });

  it('copies nothing into the runtime stage but the deploy', () => {
    const copies = all(runtime, 'COPY');
    expect(copies).toEqual([`--from=${build.name} /deploy ./`]);
  });

  it('runs as a numeric non-root user in production mode', () => {
    const users = all(runtime, 'USER');
    expect(users).toHaveLength(1);
    const uid = Number((users[0] as string).split(':')[0]);
    expect(uid).toBeGreaterThan(0);
    expect(all(runtime, 'ENV').join(' ')).toContain('NODE_ENV=production');
  });

  it('starts node on its compiled entry and leaves health checks to Kubernetes', () => {
    expect(all(runtime, 'ENTRYPOINT')).toEqual([`["node", "${ENTRY[app]}"]`]);
    expect(all(runtime, 'HEALTHCHECK')).toEqual([]);
  });

  it('uses the uid the charts run as', () => {
    const values = readFileSync(join(ROOT, 'helm', `curfew-${app}`, 'values.yaml'), 'utf8');
    const uid = (all(runtime, 'USER')[0] as string).split(':')[0];
    expect(values).toContain(`runAsUser: ${uid}`);
  });
});

describe('.dockerignore', () => {
  it.each(['**/node_modules', '**/dist', '.git', '.build'])(
    'keeps %s out of the build context',
    (pattern) => {
      const lines = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
      expect(lines).toContain(pattern);
    },
  );
});

describe('prepare-deploy (the image build step that points packages at compiled code)', () => {
  it.each([
    {
      name: 'a source entry becomes its compiled file',
      value: './src/index.ts',
      want: './dist/index.js',
    },
    {
      name: 'nested conditions are rewritten too',
      value: { '.': { import: './src/a/b.ts' } },
      want: { '.': { import: './dist/a/b.js' } },
    },
    { name: 'non-source paths stay', value: './bin/cli.mjs', want: './bin/cli.mjs' },
  ])('$name', ({ value, want }) => {
    expect(toDist(value)).toEqual(want);
  });

  it('ships dist/ and runtime files but not sources, tests or build configs', () => {
    const manifest = deployManifest({ name: '@curfew/helm', exports: { '.': './src/index.ts' } }, [
      'src',
      'test',
      'node_modules',
      'package.json',
      'curfew-agent',
      'tsconfig.json',
      '.helmignore',
    ]);
    expect(manifest.exports).toEqual({ '.': './dist/index.js' });
    expect(manifest.files).toEqual(['dist', 'package.json', 'curfew-agent']);
  });

  it('adds dist/ to an existing files list', () => {
    expect(deployManifest({ files: ['bin'] }, ['bin', 'src']).files).toEqual(['dist', 'bin']);
  });

  const temp = mkdtempSync(join(tmpdir(), 'curfew-prepare-deploy-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('finds every package tsc compiled, at any depth, and nothing else', () => {
    for (const dir of ['hub', 'packages/core']) {
      mkdirSync(join(temp, dir), { recursive: true });
      writeFileSync(join(temp, dir, 'package.json'), '{}');
    }
    for (const dir of ['hub/src', 'packages/core/src/gen', 'orphan/src']) {
      mkdirSync(join(temp, '.build', dir), { recursive: true });
    }
    expect(compiledPackages(temp, join(temp, '.build'))).toEqual(['hub', 'packages/core']);
  });
});
