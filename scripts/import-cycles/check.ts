/**
 * CI check (bin/test): fails when a file or a folder takes part in an import cycle, or when an
 * import breaks a layer rule (layer-rules.ts: e.g. routing importing agents/, a handler
 * importing a concrete store).
 *
 *   tsx scripts/import-cycles/check.ts [root]
 *
 * Our own small script rather than madge or dpdm: both parse with the JavaScript API of
 * TypeScript 5, which TypeScript 7 (the compiler here) no longer has, so they would pull a second
 * compiler into the install; and neither checks folders. Needs only node: modules (run with tsx,
 * like every script here). See import-graph.ts for what counts as a cycle.
 */
import { fileURLToPath } from 'node:url';
import { findLayerViolations, formatViolations } from './check-layers.js';
import { buildImportGraph, cycleThrough, cyclicComponents, folderGraph } from './import-graph.js';
import { LAYER_RULES } from './layer-rules.js';

/** Where our code lives; everything the workspace builds or tests is under one of these. */
export const SOURCE_ROOTS = [
  'agent',
  'hub',
  'packages',
  'testing',
  'helm',
  'test',
  'scripts',
  'vitest.config.ts',
] as const;

export interface CycleReport {
  fileCycles: string[][];
  folderCycles: string[][];
  unresolved: { file: string; specifier: string }[];
  files: number;
}

export function findCycles(root: string, roots: readonly string[] = SOURCE_ROOTS): CycleReport {
  const graph = buildImportGraph(root, roots);
  const folders = folderGraph(graph.files);
  return {
    fileCycles: cyclicComponents(graph.files).map((c) => cycleThrough(graph.files, c)),
    folderCycles: cyclicComponents(folders).map((c) => cycleThrough(folders, c)),
    unresolved: graph.unresolved,
    files: graph.files.size,
  };
}

export function formatReport(report: CycleReport): string[] {
  const lines: string[] = [];
  for (const cycle of report.fileCycles) lines.push(`file cycle:   ${cycle.join(' → ')}`);
  for (const cycle of report.folderCycles) lines.push(`folder cycle: ${cycle.join(' → ')}`);
  for (const { file, specifier } of report.unresolved)
    lines.push(`unresolved:   ${file} imports '${specifier}', which is no file here`);
  return lines;
}

function main(root: string) {
  const report = findCycles(root);
  const problems = formatReport(report);
  const layers = formatViolations(findLayerViolations(root, SOURCE_ROOTS, LAYER_RULES));
  if (problems.length === 0 && layers.length === 0) {
    console.log(`no import cycles, no layer rule broken (${report.files} files)`);
    return;
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(
      '\nBreak each cycle: move what both sides need (often a type) into a file or folder both import, or pass it in.',
    );
  }
  if (layers.length > 0) {
    console.error(layers.join('\n'));
    console.error(
      '\nDepend on the port (hub/src/ports/) instead and let the wiring pass the store in (see scripts/import-cycles/layer-rules.ts).',
    );
  }
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv[2] ?? process.cwd());
