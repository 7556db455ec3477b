import { isPlainObject } from './object.js';
import { listStrategy } from './patch/merge-keys.js';

/** One `metadata.managedFields` entry, as the real field manager encodes it. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

type Tree = Record<string, unknown>;

/**
 * Map-typed fields (arbitrary keys, not structs) and pointer structs: structured-merge-diff owns
 * the node itself too, which FieldsV1 writes as a `.` member (`f:labels: {.: {}, f:app: {}}`).
 */
const GRANULAR_MAPS = new Set([
  'labels',
  'annotations',
  'data',
  'binaryData',
  'nodeSelector',
  'requests',
  'limits',
  // Pointer structs are owned themselves as well once set.
  'rollingUpdate',
]);

/** LabelSelector is `+structType=atomic`: one owner for the whole selector, `f:selector: {}`. */
function atomicSelector(key: string, v: unknown): boolean {
  return (
    key === 'selector' &&
    isPlainObject(v) &&
    (v.matchLabels !== undefined || v.matchExpressions !== undefined)
  );
}

/** The key object of a keyed list item: container and Service ports are keyed with protocol. */
function itemKey(item: Record<string, unknown>, key: string): string {
  const k: Record<string, unknown> = { [key]: item[key] };
  if ((key === 'containerPort' || key === 'port') && item.protocol !== undefined)
    k.protocol = item.protocol;
  return `k:${JSON.stringify(k)}`;
}

/**
 * The FieldsV1 tree of the leaf paths `owned` (field-paths.ts notation) within `obj`: the walk
 * mirrors leafPaths so each leaf is looked up by the very string ownership was recorded under.
 * An Update owns the maps it created (`.`: the diff adds the map itself); an Apply owns only what
 * its configuration's field set has, which lists map leaves but not the maps.
 */
export function fieldsV1(obj: unknown, owned: ReadonlySet<string>, update = true): Tree {
  return walk(obj, '', undefined, owned, true, update) ?? {};
}

function ownsUnder(owned: ReadonlySet<string>, path: string): boolean {
  if (owned.has(path)) return true;
  for (const p of owned) if (p.startsWith(`${path}.`) || p.startsWith(`${path}[`)) return true;
  return false;
}

function walk(
  v: unknown,
  prefix: string,
  parentField: string | undefined,
  owned: ReadonlySet<string>,
  top: boolean,
  update: boolean,
): Tree | undefined {
  if (!isPlainObject(v)) return owned.has(prefix) ? {} : undefined;
  const keys = Object.keys(v).filter((k) => !k.startsWith('$'));
  if (keys.length === 0 && !top) return owned.has(prefix) ? {} : undefined;
  const out: Tree = {};
  for (const k of keys.sort()) {
    const child = v[k];
    const path = `${prefix}.${k}`;
    if (atomicSelector(k, child)) {
      if (ownsUnder(owned, path)) out[`f:${k}`] = {};
      continue;
    }
    if (Array.isArray(child)) {
      const strategy = listStrategy(k, parentField);
      if (strategy.kind === 'merge') {
        const items: Tree = {};
        for (const item of child) {
          if (!isPlainObject(item)) continue;
          const sub = walk(
            item,
            `${path}[${strategy.key}=${JSON.stringify(item[strategy.key])}]`,
            k,
            owned,
            false,
            update,
          );
          if (sub) items[itemKey(item, strategy.key)] = { '.': {}, ...sub };
        }
        if (Object.keys(items).length > 0) out[`f:${k}`] = items;
      } else if (strategy.kind === 'set') {
        const items: Tree = {};
        for (const item of child)
          if (owned.has(`${path}[=${JSON.stringify(item)}]`))
            items[`v:${JSON.stringify(item)}`] = {};
        if (Object.keys(items).length > 0) out[`f:${k}`] = items;
      } else if (owned.has(path)) out[`f:${k}`] = {};
      continue;
    }
    const sub = walk(child, path, k, owned, false, update);
    if (!sub) continue;
    out[`f:${k}`] =
      update && GRANULAR_MAPS.has(k) && isPlainObject(child) && Object.keys(sub).length > 0
        ? { '.': {}, ...sub }
        : sub;
  }
  return Object.keys(out).length > 0 || top ? out : undefined;
}

/**
 * The real encoder's order (sortEncodedManagedFields): operation (`Apply` before `Update`),
 * then time in whole seconds, manager, apiVersion, subresource.
 */
export function sortEntries(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  const secs = (t: string) => Math.floor(Date.parse(t) / 1000);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return entries.sort(
    (a, b) =>
      cmp(a.operation, b.operation) ||
      secs(a.time) - secs(b.time) ||
      cmp(a.manager, b.manager) ||
      cmp(a.apiVersion, b.apiVersion) ||
      cmp(a.subresource ?? '', b.subresource ?? ''),
  );
}
