import { clone, deepEqual, isPlainObject } from '../object.js';

export class JsonPatchError extends Error {}
/** The patch document itself is not a JSON patch (the real server's decode step: 400, not 422). */
export class JsonPatchDecodeError extends Error {}

interface Op {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/'))
    throw new JsonPatchError(`invalid JSON pointer "${p}": must start with /`);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, parts: string[], path: string): [unknown, string] {
  let cur = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isPlainObject(cur)) cur = cur[part];
    else cur = undefined;
    if (cur === undefined)
      throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  }
  return [cur, parts[parts.length - 1] ?? ''];
}

function getAt(doc: unknown, path: string): unknown {
  const parts = parsePointer(path);
  if (parts.length === 0) return doc;
  const [parent, key] = parentOf(doc, parts, path);
  const v = Array.isArray(parent)
    ? parent[Number(key)]
    : isPlainObject(parent)
      ? parent[key]
      : undefined;
  if (v === undefined) throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  return v;
}

function arrayIndex(key: string, len: number, path: string, allowEnd: boolean): number {
  if (key === '-' && allowEnd) return len;
  if (!/^(0|[1-9][0-9]*)$/.test(key)) {
    throw new JsonPatchError(`Unable to access invalid index: ${key}`);
  }
  const i = Number(key);
  if (i > len || (!allowEnd && i >= len)) {
    throw new JsonPatchError(`Unable to access invalid index: ${i}: "${path}"`);
  }
  return i;
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const parts = parsePointer(path);
  if (parts.length === 0) return value;
  const [parent, key] = parentOf(doc, parts, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, path, true), 0, value);
  else if (isPlainObject(parent)) parent[key] = value;
  else throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  return doc;
}

function remove(doc: unknown, path: string): unknown {
  const parts = parsePointer(path);
  const [parent, key] = parentOf(doc, parts, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, path, false), 1);
  else if (isPlainObject(parent) && key in parent) delete parent[key];
  else throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
  return doc;
}

/** RFC 6902 JSON patch including `test`, with evanphx/json-patch's error wording. */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) {
    throw new JsonPatchDecodeError(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = clone(target);
  for (const raw of ops) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw new JsonPatchError('each json patch operation needs string "op" and "path"');
    }
    const op = raw as unknown as Op;
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, clone(op.value));
        break;
      case 'remove':
        doc = remove(doc, op.path);
        break;
      case 'replace':
        getAt(doc, op.path);
        doc = remove(doc, op.path);
        doc = add(doc, op.path, clone(op.value));
        break;
      case 'move': {
        const v = getAt(doc, op.from ?? '');
        doc = remove(doc, op.from ?? '');
        doc = add(doc, op.path, v);
        break;
      }
      case 'copy':
        doc = add(doc, op.path, clone(getAt(doc, op.from ?? '')));
        break;
      case 'test': {
        let actual: unknown;
        try {
          actual = getAt(doc, op.path);
        } catch {
          actual = undefined;
        }
        if (!deepEqual(actual, op.value ?? null)) {
          throw new JsonPatchError(`testing value ${op.path} failed: test failed`);
        }
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}
