import { goValue } from '../go-format.js';
import { isPlainObject } from '../object.js';
import {
  badArgType,
  badPatchType,
  ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST,
  ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS,
  ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST,
  PatchError,
} from './errors.js';
import type { PatchSchema } from './merge-keys.js';
import { BUILT_IN_SCHEMA } from './merge-keys.js';
import { mergeSlice, partitionMaps, partitionPrimitives } from './strategic-lists.js';
import type { Key } from './strategic-order.js';
import { elementKind, normalizeElementOrder, sameKey } from './strategic-order.js';

type Obj = Record<string, unknown>;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList';
const SET_ORDER = '$setElementOrder';

/** Where in the object a map sits: the schema is looked up by field name and parent field. */
interface Ctx {
  schema: PatchSchema;
  parent: string | undefined;
}

/**
 * Server-side strategic merge patch, a port of apimachinery's strategicpatch.mergeMap with
 * MergeParallelList and IgnoreUnmatchedNulls (what the apiserver's PATCH handler runs). Lists
 * with a merge strategy come out as the patch's elements first, in the patch's order, and then
 * the remaining original elements; `$setElementOrder/<list>` overrides that order;
 * `$retainKeys`, `$deleteFromPrimitiveList/<list>` and `$patch: replace|delete` as upstream.
 * Errors carry the real messages and HTTP outcome (see errors.ts).
 */
export function strategicMerge(
  original: unknown,
  patch: unknown,
  schema: PatchSchema = BUILT_IN_SCHEMA,
): unknown {
  if (!isPlainObject(patch)) throw new PatchError('BadRequest', notAnObject(patch));
  const base = isPlainObject(original) ? structuredClone(original) : {};
  return mergeMap(base, structuredClone(patch), { schema, parent: undefined });
}

/** The decode error the handler's json.Unmarshal into map[string]interface{} reports. */
function notAnObject(patch: unknown): string {
  const kind = Array.isArray(patch)
    ? 'array'
    : typeof patch === 'string'
      ? 'string'
      : typeof patch === 'number'
        ? 'number'
        : 'bool';
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

function mergeMap(original: Obj | undefined, patch: Obj, ctx: Ctx): Obj {
  if (DIRECTIVE in patch) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      delete patch[DIRECTIVE];
      return patch;
    }
    if (directive === 'delete') return {};
    throw badPatchType(directive, patch);
  }
  const out = original ?? {};
  applyRetainKeys(out, patch);
  mergeOrderedLists(out, patch, ctx);
  for (const key of Object.keys(patch)) {
    const patchV = patch[key];
    let k = key;
    let isDeleteList = false;
    if (key.startsWith(DELETE_PRIMITIVE)) {
      k = extractKey(key, DELETE_PRIMITIVE, ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete out[k];
      continue;
    }
    if (!(k in out)) {
      // Upstream takes the patch value as it is, directives and all (a deletion list for a
      // list the object lacks becomes that list): decoding into the Go type drops the rest.
      out[k] = patchV;
      continue;
    }
    const cur = out[k];
    if (goType(cur) !== goType(patchV)) {
      out[k] = patchV;
      continue;
    }
    if (isPlainObject(cur) && isPlainObject(patchV)) {
      out[k] = ctx.schema.replacesMap(k, ctx.parent)
        ? patchV
        : mergeMap(cur, patchV, { schema: ctx.schema, parent: k });
    } else if (Array.isArray(cur) && Array.isArray(patchV)) {
      out[k] = mergeSliceHandler(cur, patchV, k, ctx, isDeleteList);
    } else {
      out[k] = patchV;
    }
  }
  return out;
}

/** reflect.TypeOf as mergeMap compares it: maps, slices and each JSON scalar are distinct. */
function goType(v: unknown): string {
  if (Array.isArray(v)) return 'slice';
  if (isPlainObject(v)) return 'map';
  return typeof v;
}

function extractKey(s: string, prefix: string, formatError: string): string {
  const i = s.indexOf('/');
  if (i < 0 || s.slice(0, i) !== prefix) throw new PatchError('BadRequest', formatError);
  return s.slice(i + 1);
}

/** mergeKey '' stands for a merging list of primitives, as in upstream. */
function strategyOf(field: string, ctx: Ctx): { merge: boolean; mergeKey: Key } {
  const s = ctx.schema.list(field, ctx.parent);
  if (s.kind === 'merge') return { merge: true, mergeKey: s.key };
  return { merge: s.kind === 'set', mergeKey: '' };
}

function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  field: string,
  ctx: Ctx,
  isDeleteList: boolean,
): unknown[] {
  const { merge, mergeKey } = strategyOf(field, ctx);
  if (!merge) return patch;
  const itemCtx = { schema: ctx.schema, parent: field };
  const item = (o: Obj, p: Obj) => mergeMap(o, p, itemCtx);
  return mergeSlice(original, patch, mergeKey, item, isDeleteList).merged;
}

/**
 * applyRetainKeysDirective: clears the original's keys missing from `$retainKeys`, after
 * checking that the patch sets no key outside it.
 */
function applyRetainKeys(original: Obj, patch: Obj): void {
  if (!(RETAIN_KEYS in patch)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list))
    throw new PatchError('BadRequest', ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) continue;
    if (!list.includes(k)) throw new PatchError('BadRequest', ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  }
  for (const k of Object.keys(original)) if (!list.includes(k)) delete original[k];
}

/**
 * mergePatchIntoOriginal: each `$setElementOrder/<list>` merges that list now and orders it —
 * `$setElementOrder` first, then the patch's order, then the live order — so the main loop
 * no longer sees it.
 */
function mergeOrderedLists(original: Obj, patch: Obj, ctx: Ctx): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType([], order);
    const field = extractKey(key, SET_ORDER, ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
    const foundOriginal = field in original;
    const foundPatch = field in patch;
    const origList = original[field];
    const patchList = patch[field];
    if (foundOriginal && !Array.isArray(origList)) throw badArgType([], origList);
    if (foundPatch && !Array.isArray(patchList)) throw badArgType([], patchList);
    const origItems = (foundOriginal ? origList : []) as unknown[];
    const patchItems = (foundPatch ? patchList : []) as unknown[];
    const { merge, mergeKey } = strategyOf(field, ctx);
    validateOrder(patchItems, order, mergeKey);
    let merged: unknown[];
    // What the live header reads after the merge: the order server-only items keep.
    let serverOrder = origItems;
    if (foundOriginal && !foundPatch) merged = origItems;
    else if (!foundOriginal && foundPatch) merged = patchItems;
    else if (foundOriginal && foundPatch) {
      if (merge) {
        const itemCtx = { schema: ctx.schema, parent: field };
        const item = (o: Obj, p: Obj) => mergeMap(o, p, itemCtx);
        const r = mergeSlice(origItems, patchItems, mergeKey, item, false);
        merged = r.merged;
        serverOrder = r.liveAfter;
      } else merged = patchItems;
    } else continue;
    const [inOrder, serverOnly] =
      mergeKey === '' ? partitionPrimitives(merged, order) : partitionMaps(merged, order, mergeKey);
    const kind = elementKind(origItems, patchItems);
    original[field] = normalizeElementOrder(
      inOrder,
      serverOnly,
      order,
      serverOrder,
      mergeKey,
      kind,
    );
    delete patch[field];
  }
}

/**
 * validatePatchWithSetOrderList: the patch's items (deletions aside) must appear in
 * `$setElementOrder` and in the same relative order.
 */
function validateOrder(patchList: unknown[], order: unknown[], mergeKey: Key): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items =
    mergeKey === ''
      ? patchList
      : patchList.filter((v) => {
          if (!isPlainObject(v)) throw badArgType({}, v);
          return v[DIRECTIVE] !== 'delete';
        });
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isPlainObject(item) && DIRECTIVE in item) {
      p++;
      continue;
    }
    if (sameKey(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw new PatchError(
      'Internal',
      `The order in patch list:\n${goList(patchList)}\n doesn't match ${SET_ORDER} list:\n${goList(order)}\n`,
    );
  }
}

/** `%v` of a []interface{}. */
function goList(l: unknown[]): string {
  return goValue(l);
}

/** Keys strategicpatch interprets; decoding the merged map into a Go type drops any left over. */
function isDirectiveKey(k: string): boolean {
  return (
    k === DIRECTIVE ||
    k === RETAIN_KEYS ||
    k.startsWith(`${SET_ORDER}/`) ||
    k.startsWith(`${DELETE_PRIMITIVE}/`)
  );
}

/**
 * Directives strategicpatch leaves in place (a new list item taken from the patch as it is)
 * are unknown fields of the Go type the result is decoded into, so they never reach storage.
 */
export function withoutDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDirectives);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!isDirectiveKey(k)) out[k] = withoutDirectives(x);
  return out;
}
