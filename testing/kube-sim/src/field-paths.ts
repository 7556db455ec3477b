import { isPlainObject } from './object.js';
import { listStrategy } from './patch/merge-keys.js';

/**
 * Leaf field paths of an object in structured-merge-diff's notation
 * (`.spec.template.spec.containers[name="web"].image`), with their JSON-encoded values.
 * Keyed lists are addressed by merge key, sets by value, other lists are atomic leaves.
 */
export function leafPaths(
  obj: unknown,
  skipTop: (key: string) => boolean = () => false,
): Map<string, string> {
  const out = new Map<string, string>();
  walk(obj, '', undefined, out, skipTop, true);
  return out;
}

function walk(
  v: unknown,
  prefix: string,
  parentField: string | undefined,
  out: Map<string, string>,
  skipTop: (key: string) => boolean,
  top: boolean,
): void {
  if (isPlainObject(v)) {
    const keys = Object.keys(v).filter((k) => !k.startsWith('$'));
    if (keys.length === 0 && !top) {
      out.set(prefix, '{}');
      return;
    }
    for (const k of keys) {
      if (top && skipTop(k)) continue;
      const child = v[k];
      const path = `${prefix}.${k}`;
      if (Array.isArray(child)) {
        const strategy = listStrategy(k, parentField);
        if (strategy.kind === 'merge') {
          for (const item of child) {
            const key = isPlainObject(item) ? item[strategy.key] : undefined;
            walk(item, `${path}[${strategy.key}=${JSON.stringify(key)}]`, k, out, skipTop, false);
          }
        } else if (strategy.kind === 'set') {
          for (const item of child)
            out.set(`${path}[=${JSON.stringify(item)}]`, JSON.stringify(item));
        } else out.set(path, JSON.stringify(child));
      } else walk(child, path, k, out, skipTop, false);
    }
    return;
  }
  out.set(prefix, JSON.stringify(v));
}

/** True when `path` is `prefix` or lies under it. */
export function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}
