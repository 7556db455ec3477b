/**
 * Applies the layer rules (layer-rules.ts) to the import graph: every import a rule forbids,
 * with the rule's reason, so the message says what to do instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildImportGraph } from './import-graph.js';
import type { LayerRule } from './layer-rules.js';
import { importSpecifiers } from './scan-imports.js';

export interface LayerViolation {
  file: string;
  /** The file (ours) or package it imports. */
  imports: string;
  why: string;
}

const under = (path: string, prefixes: readonly string[] | undefined) =>
  (prefixes ?? []).some((prefix) => path === prefix || path.startsWith(prefix));

/** A package specifier names `name` itself or one of its subpaths. */
const isPackage = (specifier: string, name: string) =>
  specifier === name || specifier.startsWith(`${name}/`);

export function findLayerViolations(
  root: string,
  roots: readonly string[],
  rules: readonly LayerRule[],
): LayerViolation[] {
  const graph = buildImportGraph(root, roots);
  const violations: LayerViolation[] = [];
  for (const [file, targets] of graph.files) {
    const applying = rules.filter((rule) => under(file, rule.files) && !under(file, rule.except));
    if (applying.length === 0) continue;
    const packages = importSpecifiers(readFileSync(join(root, file), 'utf8')).filter(
      (specifier) => !specifier.startsWith('.'),
    );
    for (const rule of applying) {
      for (const forbidden of rule.mustNotImport) {
        for (const target of targets)
          if (under(target, [forbidden])) violations.push({ file, imports: target, why: rule.why });
        for (const specifier of packages)
          if (isPackage(specifier, forbidden))
            violations.push({ file, imports: specifier, why: rule.why });
      }
    }
  }
  return violations;
}

export function formatViolations(violations: readonly LayerViolation[]): string[] {
  return violations.map((v) => `layer:        ${v.file} imports ${v.imports}: ${v.why}`);
}
