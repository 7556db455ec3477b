import { clone, deepEqual, isPlainObject } from '../object.js';
import { PatchError } from './errors.js';

/** An operation that does not apply: the handler's bare 422 (the reason stays server-side). */
const cannotApply = (message: string) => new PatchError('Invalid', message);

interface Op {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw cannotApply(`invalid JSON pointer "${p}": must start with /`);
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
    if (cur === undefined) throw cannotApply(`doc is missing path: "${path}": missing value`);
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
  if (v === undefined) throw cannotApply(`doc is missing path: "${path}": missing value`);
  return v;
}

function arrayIndex(key: string, len: number, path: string, allowEnd: boolean): number {
  if (key === '-' && allowEnd) return len;
  if (!/^(0|[1-9][0-9]*)$/.test(key)) {
    throw cannotApply(`Unable to access invalid index: ${key}`);
  }
  const i = Number(key);
  if (i > len || (!allowEnd && i >= len)) {
    throw cannotApply(`Unable to access invalid index: ${i}: "${path}"`);
  }
  return i;
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const parts = parsePointer(path);
  if (parts.length === 0) return value;
  const [parent, key] = parentOf(doc, parts, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, path, true), 0, value);
  else if (isPlainObject(parent)) parent[key] = value;
  else throw cannotApply(`doc is missing path: "${path}": missing value`);
  return doc;
}

function remove(doc: unknown, path: string): unknown {
  const parts = parsePointer(path);
  const [parent, key] = parentOf(doc, parts, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, path, false), 1);
  else if (isPlainObject(parent) && key in parent) delete parent[key];
  else
    throw cannotApply(
      `error in remove for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`,
    );
  return doc;
}

/** RFC 6902 JSON patch including `test`, with evanphx/json-patch's error wording. */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  // jsonpatch.DecodePatch failing is the handler's 400 with the decoder's message.
  if (!Array.isArray(ops)) {
    throw new PatchError(
      'BadRequest',
      `json: cannot unmarshal ${jsonKind(ops)} into Go value of type jsonpatch.Patch`,
    );
  }
  for (const raw of ops) {
    if (!isPlainObject(raw)) {
      throw new PatchError(
        'BadRequest',
        `json: cannot unmarshal ${jsonKind(raw)} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  let doc = clone(target);
  for (const raw of ops) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw cannotApply('each json patch operation needs string "op" and "path"');
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
          throw cannotApply(`testing value ${op.path} failed: test failed`);
        }
        break;
      }
      default:
        throw cannotApply(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
}
