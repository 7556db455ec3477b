import { clone, deepEqual, isPlainObject } from '../object.js';
import { listStrategy } from './merge-keys.js';

export class StrategicMergeError extends Error {}

const DIRECTIVE = '$patch';
const ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const RETAIN = '$retainKeys';

/**
 * Kubernetes strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch) for the
 * built-in types: keyed list merge, `$patch: delete|replace|merge`, `$setElementOrder`,
 * `$deleteFromPrimitiveList` and `$retainKeys` — the directives `kubectl apply` sends.
 */
export function strategicMerge(original: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch))
    throw new StrategicMergeError('strategic merge patch must be a JSON object');
  return mergeMap(isPlainObject(original) ? clone(original) : {}, patch, undefined);
}

function mergeMap(
  orig: Record<string, unknown>,
  patch: Record<string, unknown>,
  parentField: string | undefined,
): Record<string, unknown> {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') {
    const out = clone(patch);
    delete out[DIRECTIVE];
    return out;
  }
  if (directive !== undefined && directive !== 'merge' && directive !== 'delete') {
    throw new StrategicMergeError(`Unknown patch type: ${String(directive)}`);
  }
  const out = orig;
  for (const [k, v] of Object.entries(patch)) {
    if (k === DIRECTIVE || k === RETAIN || k.startsWith(ORDER) || k.startsWith(DELETE_PRIMITIVE))
      continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    if (isPlainObject(v)) {
      if (v[DIRECTIVE] === 'delete') {
        delete out[k];
        continue;
      }
      const cur = out[k];
      out[k] = mergeMap(isPlainObject(cur) ? cur : {}, v, k);
      continue;
    }
    if (Array.isArray(v)) {
      out[k] = mergeList(Array.isArray(out[k]) ? (out[k] as unknown[]) : [], v, k, parentField);
      continue;
    }
    out[k] = v;
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(DELETE_PRIMITIVE) && Array.isArray(v)) {
      const field = k.slice(DELETE_PRIMITIVE.length);
      const cur = out[field];
      if (Array.isArray(cur)) out[field] = cur.filter((x) => !v.some((d) => deepEqual(d, x)));
    }
    if (k.startsWith(ORDER) && Array.isArray(v)) {
      const field = k.slice(ORDER.length);
      const cur = out[field];
      if (Array.isArray(cur)) out[field] = reorder(cur, v, listStrategy(field, parentField));
    }
  }
  const retain = patch[RETAIN];
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}

function keyOf(item: unknown, key: string): unknown {
  return isPlainObject(item) ? item[key] : undefined;
}

function mergeList(
  orig: unknown[],
  patch: unknown[],
  field: string,
  parentField: string | undefined,
): unknown[] {
  const strategy = listStrategy(field, parentField);
  const replaceDirective = patch.find((p) => isPlainObject(p) && p[DIRECTIVE] === 'replace');
  if (replaceDirective !== undefined) {
    return patch.filter((p) => !(isPlainObject(p) && p[DIRECTIVE] === 'replace'));
  }
  if (strategy.kind === 'replace') return clone(patch);
  if (strategy.kind === 'set') {
    const out = [...orig];
    for (const p of patch) if (!out.some((x) => deepEqual(x, p))) out.push(p);
    return out;
  }
  const out = [...orig];
  for (const p of patch) {
    if (!isPlainObject(p)) {
      throw new StrategicMergeError(`list ${field} with merge key ${strategy.key} needs objects`);
    }
    const k = p[strategy.key];
    if (k === undefined) {
      throw new StrategicMergeError(
        `map: ${JSON.stringify(p)} does not contain declared merge key: ${strategy.key}`,
      );
    }
    const idx = out.findIndex((x) => deepEqual(keyOf(x, strategy.key), k));
    if (p[DIRECTIVE] === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      const cur = out[idx];
      out[idx] = mergeMap(isPlainObject(cur) ? cur : {}, p, field);
    } else {
      const fresh = mergeMap({}, p, field);
      out.push(fresh);
    }
  }
  return out;
}

/** `$setElementOrder`: patched items in the order given, others keep their relative place after. */
function reorder(
  list: unknown[],
  order: unknown[],
  strategy: ReturnType<typeof listStrategy>,
): unknown[] {
  const id = (x: unknown) => (strategy.kind === 'merge' ? keyOf(x, strategy.key) : x);
  const wanted = order.map((o) =>
    strategy.kind === 'merge' && isPlainObject(o) ? o[strategy.key] : o,
  );
  const ordered: unknown[] = [];
  for (const w of wanted) {
    const hit = list.find((x) => deepEqual(id(x), w));
    if (hit !== undefined) ordered.push(hit);
  }
  const rest = list.filter((x) => !wanted.some((w) => deepEqual(id(x), w)));
  return [...ordered, ...rest];
}
