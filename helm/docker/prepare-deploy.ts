/**
 * Image build step (see hub/Dockerfile, agent/Dockerfile), run with Node 24 directly:
 *   node helm/docker/prepare-deploy.ts .build
 *
 * Workspace packages export their TypeScript source (`./src/index.ts`) so tests need no build.
 * Node will not run TypeScript from node_modules, so before `pnpm deploy` copies them into the
 * image, every package tsc compiled gets its output moved to `<package>/dist` and its
 * package.json pointed at it. Only the build stage's copy of the repository is changed.
 *
 * Self-contained on purpose (node: imports only): it runs before anything is compiled.
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Entries never shipped: sources (compiled to dist), tests, local installs, build configs. */
const NOT_SHIPPED = /^(src|test|node_modules|dist|tsconfig.*\.json|biome\.json|Dockerfile)$/;

/** `./src/x.ts` → `./dist/x.js` in every string of an exports/main/types field. */
export function toDist(value: Json): Json {
  if (typeof value === 'string') return value.replace(/^\.\/src\/(.*)\.ts$/, './dist/$1.js');
  if (Array.isArray(value)) return value.map(toDist);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDist(v)]));
  }
  return value;
}

/**
 * The package.json to deploy: entry points in dist/, and a `files` list naming dist/ (pnpm
 * deploy copies what `pnpm pack` would, and dist/ is git-ignored) plus the package's other
 * runtime files (anything at its top level that is not a source, test or build config).
 */
export function deployManifest(
  manifest: { [key: string]: Json },
  topLevelEntries: readonly string[],
): { [key: string]: Json } {
  const next: { [key: string]: Json } = { ...manifest };
  for (const field of ['exports', 'main', 'module', 'types']) {
    const value = manifest[field];
    if (value !== undefined) next[field] = toDist(value);
  }
  const files = Array.isArray(manifest.files)
    ? manifest.files
    : topLevelEntries.filter((entry) => !NOT_SHIPPED.test(entry) && !entry.startsWith('.'));
  next.files = ['dist', ...files.filter((f) => f !== 'dist')];
  return next;
}

/** Package directories (relative to the root) for which tsc wrote `<outDir>/<dir>/src`. */
export function compiledPackages(root: string, outDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(outDir, dir), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name === 'src' && existsSync(join(root, dir, 'package.json'))) found.push(dir);
      else walk(join(dir, entry.name));
    }
  };
  walk('');
  return found.sort();
}

function main(outDirArg: string | undefined) {
  if (!outDirArg)
    throw new Error('usage: node helm/docker/prepare-deploy.ts <tsc outDir, e.g. .build>');
  const root = process.cwd();
  const outDir = join(root, outDirArg);
  const packages = compiledPackages(root, outDir);
  if (packages.length === 0)
    throw new Error(`${outDirArg}: no compiled package found; run tsc first`);
  for (const pkg of packages) {
    const dir = join(root, pkg);
    renameSync(join(outDir, pkg, 'src'), join(dir, 'dist'));
    const manifestFile = join(dir, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { [key: string]: Json };
    const next = deployManifest(manifest, readdirSync(dir));
    writeFileSync(manifestFile, `${JSON.stringify(next, null, 2)}\n`);
    console.log(
      `prepare-deploy: ${pkg}: dist/ and package.json ready (files: ${JSON.stringify(next.files)})`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv[2]);
