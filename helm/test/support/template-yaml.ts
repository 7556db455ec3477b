/**
 * A plausibility check for helm templates without helm: remove the Go template actions and
 * parse what is left as YAML. It is NOT a renderer, and says nothing about what helm would
 * output. What it catches: broken indentation, unbalanced quotes or brackets, a missing
 * `---`, duplicate keys, documents without apiVersion/kind/metadata, unbalanced if/end.
 * What it cannot catch: errors inside actions, wrong `nindent` widths, values that render
 * to invalid YAML, anything in else-branches (only the first branch of each if/with/range is
 * kept, so both branches never produce the same key twice).
 */
import { parseAllDocuments } from 'yaml';

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const OPENERS = new Set(['if', 'with', 'range', 'define', 'block']);

/** Template text → YAML text with actions removed (standalone) or replaced by `x` (inline). */
export function stripTemplate(text: string): string {
  // Comments may span lines: drop them first.
  const source = text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '');
  const skipping: boolean[] = [];
  const out: string[] = [];
  source.split('\n').forEach((line, index) => {
    const actions = [...line.matchAll(ACTION)].map((m) => m[1] ?? '');
    const standalone = actions.length > 0 && line.replace(ACTION, '').trim() === '';
    for (const action of actions) {
      const word = action.split(/\s+/)[0] ?? '';
      if (OPENERS.has(word)) skipping.push(skipping.at(-1) ?? false);
      else if (word === 'else') {
        if (skipping.length === 0)
          throw new Error(`line ${index + 1}: "else" without an open block`);
        skipping[skipping.length - 1] = true;
      } else if (word === 'end') {
        if (skipping.pop() === undefined)
          throw new Error(`line ${index + 1}: "end" without an open block`);
      }
    }
    if (standalone || skipping.at(-1)) return;
    out.push(
      line.replace(ACTION, (_, action: string) => {
        const word = action.split(/\s+/)[0] ?? '';
        return OPENERS.has(word) || word === 'else' || word === 'end' ? '' : 'x';
      }),
    );
  });
  if (skipping.length > 0) throw new Error(`${skipping.length} block(s) not closed with {{ end }}`);
  return out.join('\n');
}

/** Problems with the stripped template as Kubernetes manifests; empty when plausible. */
export function templateProblems(text: string): string[] {
  let yaml: string;
  try {
    yaml = stripTemplate(text);
  } catch (error) {
    return [(error as Error).message];
  }
  const problems: string[] = [];
  parseAllDocuments(yaml).forEach((doc, i) => {
    for (const error of doc.errors) problems.push(`document ${i + 1}: ${error.message}`);
    if (doc.errors.length > 0) return;
    const object = doc.toJS() as unknown;
    if (object === null || object === undefined) return;
    if (typeof object !== 'object' || Array.isArray(object)) {
      problems.push(`document ${i + 1}: is not a map`);
      return;
    }
    const manifest = object as Record<string, unknown>;
    for (const field of ['apiVersion', 'kind'] as const) {
      if (typeof manifest[field] !== 'string') problems.push(`document ${i + 1}: no ${field}`);
    }
    const metadata = manifest.metadata;
    if (metadata === null || typeof metadata !== 'object' || !('name' in metadata)) {
      problems.push(`document ${i + 1}: no metadata.name`);
    }
  });
  return problems;
}
