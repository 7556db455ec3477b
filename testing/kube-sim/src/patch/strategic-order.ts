import { isPlainObject } from '../object.js';
import { badArgType, noMergeKey, PatchError } from './errors.js';
import { sliceStable } from './go-sort.js';

/** A list's merge key; '' for a merging list of primitives. */
export type Key = string;
export type Item = unknown;

const DIRECTIVE = '$patch';

/**
 * sliceElementType: every element of the lists must have one type, and not be a list. Returns
 * whether they are maps (merged by key) or scalars.
 */
export function elementKind(...lists: unknown[][]): 'map' | 'scalar' {
  let prev: string | undefined;
  for (const l of lists) {
    for (const v of l) {
      const t = Array.isArray(v) ? 'slice' : isPlainObject(v) ? 'map' : typeof v;
      if (prev === undefined) {
        if (t === 'slice') throw new PatchError('Invalid', 'lists of lists are not supported');
        prev = t;
      } else if (prev !== t) {
        throw new PatchError('Internal', 'list element types are not identical');
      }
    }
  }
  if (prev === undefined)
    throw new PatchError('Internal', 'no elements in any of the given slices');
  return prev === 'map' ? 'map' : 'scalar';
}

/** The value an element is compared by: its merge key's value for maps, itself otherwise. */
function idOf(item: Item, mergeKey: Key, kind: 'map' | 'scalar'): unknown {
  if (kind !== 'map') return item;
  return isPlainObject(item) ? item[mergeKey] : null;
}

/** `index`: position of `v` in `l` by merge key (Go `==` on the interface values), or -1. */
function indexIn(l: Item[], v: Item, mergeKey: Key, kind: 'map' | 'scalar'): number {
  const want = idOf(v, mergeKey, kind);
  return l.findIndex((x) => idOf(x, mergeKey, kind) === want);
}

/** mergeKeyValueEqual, for validating a patch list against `$setElementOrder`. */
export function sameKey(left: Item, right: Item, mergeKey: Key): boolean {
  if (mergeKey === '') return left === right;
  if (!isPlainObject(left)) throw badArgType({}, left);
  if (!isPlainObject(right)) throw badArgType({}, right);
  if (!(mergeKey in left)) throw noMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/**
 * normalizeElementOrder: the patch's items sorted by `patchOrder`, the server-only items by
 * `serverOrder`, then interleaved so each keeps its relative order.
 */
export function normalizeElementOrder(
  patch: Item[],
  serverOnly: Item[],
  patchOrder: Item[],
  serverOrder: Item[],
  mergeKey: Key,
  kind: 'map' | 'scalar',
): Item[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function normalizeSliceOrder(
  toSort: Item[],
  order: Item[],
  mergeKey: Key,
  kind: 'map' | 'scalar',
): Item[] {
  let items = [...toSort];
  let toDelete: Item[] = [];
  if (kind === 'map') {
    for (const list of [items, order]) {
      for (const item of list) {
        if (!isPlainObject(item)) throw badArgType({}, item);
        if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
      }
    }
    toDelete = items.filter((v) => (v as Record<string, unknown>)[DIRECTIVE] === 'delete');
    items = items.filter((v) => (v as Record<string, unknown>)[DIRECTIVE] !== 'delete');
  }
  sliceStable(items, (a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexIn(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...items, ...toDelete];
}

/**
 * mergeSortedSlice: inserts each server-only item (`left`) into the patch items (`right`)
 * before the first patch item that the live order places after it.
 */
function mergeSortedSlice(
  left: Item[],
  right: Item[],
  serverOrder: Item[],
  mergeKey: Key,
  kind: 'map' | 'scalar',
): Item[] {
  const out: Item[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
