/**
 * The repository's import graph, and its cycles between files and between folders.
 *
 * Files: every .ts/.mts/.js/.mjs under the given roots (node_modules, build output and
 * dot-folders skipped). Edges: relative specifiers (`./x.js` is the source `./x.ts`, as NodeNext
 * resolution spells it) and workspace package names (`@curfew/core` is that package's
 * `exports['.']`). Anything else (node:, npm packages) is outside the graph.
 *
 * Folders: a folder contains its sub-folders, so folder cycles are between SIBLING folders.
 * For an import from file a to file b, take the deepest folder holding both; if neither sits
 * directly in it, the two sub-folders of it that hold them depend on each other in that
 * direction: `hub/src/slack/flow/x.ts` → `hub/src/slack/blocks/y.ts` is `slack/flow` →
 * `slack/blocks`, and `agent/src/…` → `helm/src/…` is `agent` → `helm`. A file directly in a
 * folder (its entry, its shared ports) belongs to that folder as a whole, which may use its
 * sub-folders and be used by them. So each folder's sub-folders can be read, and moved, in
 * one order, and a package never depends on a package that depends on it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { importSpecifiers } from './scan-imports.js';

const SOURCE = /\.(ts|mts|js|mjs)$/;
const SKIPPED = new Set(['node_modules', 'dist', 'coverage', '.build', '.tmp']);

export interface ImportGraph {
  /** Repository-relative file → the files it imports (sorted, unique). */
  files: Map<string, string[]>;
  /** Specifiers that look like ours (relative or @curfew/) but resolve to no file. */
  unresolved: { file: string; specifier: string }[];
}

function sourceFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, found);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** Workspace package name → its main entry file (absolute), from each package.json found. */
function workspacePackages(root: string, files: readonly string[]): Map<string, string> {
  const packages = new Map<string, string>();
  const dirs = new Set(files.map((f) => dirname(f)));
  const seen = new Set<string>();
  for (let dir of dirs) {
    for (; dir.startsWith(root) && !seen.has(dir); dir = dirname(dir)) {
      seen.add(dir);
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        exports?: string | Record<string, unknown>;
      };
      const main = typeof json.exports === 'string' ? json.exports : json.exports?.['.'];
      if (json.name && typeof main === 'string') packages.set(json.name, resolve(dir, main));
    }
  }
  return packages;
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    `${base}.ts`,
    join(base, 'index.ts'),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

export function buildImportGraph(root: string, roots: readonly string[]): ImportGraph {
  const absRoot = resolve(root);
  const all = roots
    .map((r) => join(absRoot, r))
    .filter((r) => existsSync(r))
    .flatMap((r) => (statSync(r).isDirectory() ? sourceFiles(r) : [r]));
  const packages = workspacePackages(absRoot, all);
  const rel = (file: string) => relative(absRoot, file).split(sep).join('/');
  const files = new Map<string, string[]>();
  const unresolved: ImportGraph['unresolved'] = [];
  for (const file of all) {
    const targets = new Set<string>();
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      let target: string | undefined;
      if (specifier.startsWith('.')) target = resolveRelative(file, specifier);
      else if (specifier.startsWith('@curfew/')) target = packages.get(specifier);
      else continue;
      if (target) targets.add(rel(target));
      else unresolved.push({ file: rel(file), specifier });
    }
    files.set(rel(file), [...targets].sort());
  }
  return { files, unresolved };
}

/** The folder graph: sub-folder → the sibling sub-folders its files import (see the top). */
export function folderGraph(files: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of files) {
    const from = file.split('/');
    for (const target of targets) {
      const to = target.split('/');
      let shared = 0;
      while (shared < from.length - 1 && shared < to.length - 1 && from[shared] === to[shared])
        shared += 1;
      // Either file directly in the shared folder: no edge between two of its sub-folders.
      if (shared >= from.length - 1 || shared >= to.length - 1) continue;
      const a = from.slice(0, shared + 1).join('/');
      const b = to.slice(0, shared + 1).join('/');
      const out = edges.get(a) ?? new Set<string>();
      out.add(b);
      edges.set(a, out);
    }
  }
  return new Map([...edges].map(([k, v]) => [k, [...v].sort()]));
}

/**
 * The strongly connected components with more than one node (or a node importing itself):
 * each is a set of nodes every one of which reaches every other. Tarjan's algorithm,
 * iterative so deep graphs cannot overflow the stack.
 */
export function cyclicComponents(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter);
    counter += 1;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work.at(-1) as { node: string; next: number };
      const targets = graph.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next] as string;
        frame.next += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent)
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        for (;;) {
          const node = stack.pop() as string;
          onStack.delete(node);
          component.push(node);
          if (node === frame.node) break;
        }
        const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** One concrete cycle through `start` inside its component, for the error message. */
export function cycleThrough(
  graph: ReadonlyMap<string, readonly string[]>,
  component: readonly string[],
): string[] {
  const members = new Set(component);
  const start = component[0] as string;
  // Breadth-first from start's successors back to start, staying inside the component.
  const previous = new Map<string, string>();
  const queue: string[] = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at) as string) path.unshift(at);
        path.unshift(start);
        return path;
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}
