import { isPlainObject } from '../object.js';
import { badArgType, badPatchType, noMergeKey, PatchError } from './errors.js';
import { GoSlice } from './go-slice.js';
import type { Item, Key } from './strategic-order.js';
import { elementKind, normalizeElementOrder } from './strategic-order.js';

// The list half of strategicpatch's merge: mergeSlice and its helpers. Items are merged by
// the map merge the caller passes in, so the two halves need not import each other.

type Obj = Record<string, unknown>;
/** Merges one patch item into the live item with the same key (strategicpatch.mergeMap). */
export type MergeItem = (original: Obj, patch: Obj) => Obj;

const DIRECTIVE = '$patch';

/**
 * mergeSlice. Besides the merged list it returns what the caller's header on the live list
 * reads afterwards (see GoSlice), which `$setElementOrder` then orders the server-only items by.
 */
export function mergeSlice(
  original: unknown[],
  patch: unknown[],
  mergeKey: Key,
  mergeItem: MergeItem,
  isDeleteList: boolean,
): { merged: unknown[]; liveAfter: unknown[] } {
  if (original.length === 0 && patch.length === 0) return { merged: original, liveAfter: original };
  const kind = elementKind(original, patch);
  const live = GoSlice.of(original);
  const n = original.length;
  let merged: unknown[];
  let base: unknown[];
  let patchItems = patch;
  if (kind !== 'map') {
    if (isDeleteList) {
      const left = original.filter((v) => !patch.some((d) => d === v));
      return { merged: left, liveAfter: original };
    }
    base = original;
    // `append(original, patch...)` reuses the live array only when there is nothing to add.
    const both = patch.length === 0 ? live : GoSlice.of([...original, ...patch]);
    merged = deduplicateScalars(both);
  } else {
    if (mergeKey === '') {
      throw new PatchError('Internal', 'cannot merge lists without merge key for type struct');
    }
    const special = withSpecialElements(live, patch, mergeKey);
    patchItems = special.patch;
    base = special.original.items();
    merged = withoutSpecialElements(special.original, patchItems, mergeKey, mergeItem);
  }
  const [inPatch, serverOnly] =
    mergeKey === ''
      ? partitionPrimitives(merged, patchItems)
      : partitionMaps(merged, patchItems, mergeKey);
  return {
    merged: normalizeElementOrder(inPatch, serverOnly, patchItems, base, mergeKey, kind),
    liveAfter: live.array.slice(0, n),
  };
}

/**
 * mergeSliceWithSpecialElements: `$patch: delete` items delete every live item with their key
 * (in place), `$patch: replace` makes the patch's plain items the whole list.
 */
function withSpecialElements(
  live: GoSlice,
  patch: unknown[],
  mergeKey: string,
): { original: GoSlice; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const m = v as Obj;
    if (!(DIRECTIVE in m)) {
      plain.push(v);
      continue;
    }
    const directive = m[DIRECTIVE];
    if (directive === 'delete') {
      if (!(mergeKey in m)) throw noMergeKey(m, mergeKey);
      for (let k = findByKey(live.items(), mergeKey, m[mergeKey]); k >= 0; ) {
        live.removeAt(k);
        k = findByKey(live.items(), mergeKey, m[mergeKey]);
      }
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new PatchError('Internal', 'merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, m);
    }
  }
  return replace ? { original: GoSlice.of(plain), patch: [] } : { original: live, patch: plain };
}

/** mergeSliceWithoutSpecialElements: merge into the item with the same key, else append. */
function withoutSpecialElements(
  original: GoSlice,
  patch: unknown[],
  mergeKey: string,
  mergeItem: MergeItem,
): unknown[] {
  for (const v of patch) {
    const m = v as Obj;
    if (!(mergeKey in m)) throw noMergeKey(m, mergeKey);
    const idx = findByKey(original.items(), mergeKey, m[mergeKey]);
    if (idx >= 0) original.array[idx] = mergeItem(original.array[idx] as Obj, m);
    else original.append(v);
  }
  return original.items();
}

function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isPlainObject(item)) throw new PatchError('Internal', `value for key ${i} is not a map.`);
    if (mergeKey in item && item[mergeKey] === value) return i;
  }
  return -1;
}

/** Go's in-place deduplication: a duplicate is overwritten by the current last element. */
function deduplicateScalars(s: GoSlice): unknown[] {
  const a = s.array;
  let length = s.len - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (a[i] === a[j]) {
        a[j] = a[length];
        length--;
        j--;
      }
    }
  }
  return a.slice(0, length + 1);
}

export function partitionPrimitives(list: unknown[], by: unknown[]): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) (by.some((b) => b === v) ? inPatch : serverOnly).push(v);
  return [inPatch, serverOnly];
}

export function partitionMaps(list: unknown[], by: unknown[], mergeKey: string): [Item[], Item[]] {
  const inPatch: Item[] = [];
  const serverOnly: Item[] = [];
  for (const v of list) {
    if (!isPlainObject(v)) throw badArgType({}, v);
    if (!(mergeKey in v)) throw noMergeKey(v, mergeKey);
    const found = by.some((b) => {
      if (!isPlainObject(b)) throw new PatchError('Internal', 'value for key 0 is not a map.');
      return mergeKey in b && b[mergeKey] === v[mergeKey];
    });
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}
