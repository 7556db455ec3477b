/**
 * The release's one file edit: a copy of a chart whose values.yaml names the released images
 * and agent chart. The copy is edited, never helm/ itself, so a release leaves the tree clean.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

/**
 * Copies `from` to `to` (replacing an earlier copy) and sets each dotted key in its
 * values.yaml, keeping the comments. A key the chart does not have is an error: a renamed value
 * must fail the release, not leave a default that points at someone else's registry.
 */
export function stageChart(from: string, to: string, values: Record<string, string>): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  const file = join(to, 'values.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const [key, value] of Object.entries(values)) {
    const path = key.split('.');
    if (!doc.hasIn(path)) {
      throw new Error(
        `${join(from, 'values.yaml')} has no key ${key}; update helm/src/release/plan.ts`,
      );
    }
    doc.setIn(path, value);
  }
  writeFileSync(file, doc.toString());
}
