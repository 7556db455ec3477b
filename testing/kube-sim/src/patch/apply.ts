import { leafPaths, under } from '../field-paths.js';
import type { ManagedFieldsEntry } from '../managed-fields.js';
import { fieldsV1, sortEntries } from '../managed-fields.js';
import { isPlainObject } from '../object.js';
import { ApiError } from '../status.js';
import { listStrategy } from './merge-keys.js';
import { strategicMerge, withoutDirectives } from './strategic-merge.js';

const CSA_MANAGER = 'kubectl-client-side-apply';

/** Objects of one kind share path shapes; one string per distinct path keeps 20,000 pods cheap. */
const INTERNED = new Map<string, string>();
function intern(p: string): string {
  let v = INTERNED.get(p);
  if (v === undefined) {
    v = p;
    INTERNED.set(p, v);
  }
  return v;
}

interface Ownership {
  manager: string;
  operation: 'Apply' | 'Update';
  paths: Set<string>;
  /** The last applied configuration, for Apply managers. */
  applied?: Record<string, unknown>;
  /** When and through which version it last wrote, for `metadata.managedFields`. */
  time?: string;
  apiVersion?: string;
  /** `status` / `scale`: subresource writes are entries of their own. */
  subresource?: string;
}

/** Which write a record is: when, and in which apiVersion (managedFields shows both). */
export interface WriteStamp {
  time: string;
  apiVersion: string;
  /** `status` or `scale` for writes through those subresources. */
  subresource?: string;
}

/**
 * BuildManagerIdentifier: the JSON of the entry without time and fields, and without the
 * apiVersion for appliers — so one entry per manager, operation and subresource (and, for
 * Update, apiVersion), whose strings also sort the way conflict messages list managers.
 */
function identity(
  manager: string,
  operation: 'Apply' | 'Update',
  apiVersion: string | undefined,
  subresource: string | undefined,
): string {
  const id: Record<string, string> = { manager, operation };
  if (operation === 'Update' && apiVersion) id.apiVersion = apiVersion;
  if (subresource) id.subresource = subresource;
  return JSON.stringify(id);
}

/** printManager: how a conflict names the entry that owns the field. */
function describeOwner(o: Ownership): string {
  let s = JSON.stringify(o.manager);
  if (o.subresource) s += ` with subresource ${JSON.stringify(o.subresource)}`;
  return o.operation === 'Update' ? `${s} using ${o.apiVersion ?? ''}` : s;
}

/** Server-managed or identity fields nobody "owns" for conflict purposes. */
const META_SKIP = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
]);

function ownedPaths(obj: unknown, withStatus: boolean): Map<string, string> {
  const all = leafPaths(
    obj,
    (k) => k === 'apiVersion' || k === 'kind' || (!withStatus && k === 'status'),
  );
  for (const p of [...all.keys()]) {
    const m = /^\.metadata\.([^.[]+)/.exec(p);
    if (m && META_SKIP.has(m[1] ?? '')) all.delete(p);
  }
  return all;
}

/**
 * Field ownership for server-side apply, in the spirit of the real field manager: every write
 * records which leaf fields its manager set; an apply that would change a field another manager
 * owns is a 409 conflict unless forced; fields an applier stops applying are removed unless
 * someone else still owns them. managedFields itself is not rendered into objects.
 */
export class FieldManager {
  private readonly owners = new Map<string, Map<string, Ownership>>();

  private of(uid: string): Map<string, Ownership> {
    let m = this.owners.get(uid);
    if (!m) {
      m = new Map();
      this.owners.set(uid, m);
    }
    return m;
  }

  forget(uid: string | undefined): void {
    if (uid) this.owners.delete(uid);
  }

  /** A create, update or patch by `manager`: it now owns what it changed; others lose it. */
  recordWrite(
    uid: string | undefined,
    manager: string,
    before: unknown,
    after: unknown,
    withStatus: boolean,
    stamp?: WriteStamp,
  ): void {
    if (!uid) return;
    const old = before === undefined ? new Map<string, string>() : ownedPaths(before, withStatus);
    const now = ownedPaths(after, withStatus);
    const changed = [...now].filter(([p, v]) => old.get(p) !== v).map(([p]) => p);
    const removed = [...old.keys()].filter((p) => !now.has(p));
    const key = identity(manager, 'Update', stamp?.apiVersion, stamp?.subresource);
    this.transfer(uid, key, manager, changed, removed, stamp);
  }

  /** The writer (under `key`) takes what it changed; every other entry loses it. */
  private transfer(
    uid: string,
    key: string,
    manager: string,
    changed: string[],
    removed: string[],
    stamp: WriteStamp | undefined,
  ): void {
    const owners = this.of(uid);
    for (const [name, o] of owners) {
      for (const p of [...changed, ...removed])
        if (name !== key || removed.includes(p)) o.paths.delete(p);
      if (o.paths.size === 0 && name !== key) owners.delete(name);
    }
    if (changed.length === 0) return;
    const mine = owners.get(key) ?? { manager, operation: 'Update' as const, paths: new Set() };
    for (const p of changed) mine.paths.add(intern(p));
    if (stamp) Object.assign(mine, stamp);
    owners.set(key, mine);
  }

  /**
   * A `/status` write (controllers' bulk of traffic): only the status subtree is compared, and
   * the writer's entry is its own, with `subresource: status`, like the real field manager's.
   */
  recordStatusWrite(
    uid: string | undefined,
    manager: string,
    before: unknown,
    after: unknown,
    stamp: WriteStamp,
  ): void {
    if (!uid) return;
    const old = leafPaths({ status: before });
    const now = leafPaths({ status: after });
    const changed = [...now].filter(([p, v]) => old.get(p) !== v).map(([p]) => p);
    const removed = [...old.keys()].filter((p) => !now.has(p));
    const s: WriteStamp = { ...stamp, subresource: 'status' };
    const key = identity(manager, 'Update', stamp.apiVersion, 'status');
    this.transfer(uid, key, manager, changed, removed, s);
  }

  /**
   * `metadata.managedFields` for `obj`: one entry per manager (and per subresource) that still
   * owns a field, in the real encoder's order; undefined when nobody does.
   */
  managedFields(uid: string | undefined, obj: unknown): ManagedFieldsEntry[] | undefined {
    const owners = uid ? this.owners.get(uid) : undefined;
    if (!owners) return undefined;
    const entries: ManagedFieldsEntry[] = [];
    for (const o of owners.values()) {
      if (o.paths.size === 0 && o.operation === 'Update') continue;
      const e: ManagedFieldsEntry = {
        manager: o.manager,
        operation: o.operation,
        apiVersion: o.apiVersion ?? '',
        time: o.time ?? '',
        fieldsType: 'FieldsV1',
        fieldsV1: fieldsV1(obj, o.paths, o.operation === 'Update'),
      };
      if (o.subresource) e.subresource = o.subresource;
      entries.push(e);
    }
    return entries.length > 0 ? sortEntries(entries) : undefined;
  }

  /**
   * Computes the object after `manager` applies `applied` to `live`, or throws the 409 the real
   * server sends when another entry owns a field the configuration would change. The applier's
   * own Update entries are other managers here too, as upstream's identifiers make them.
   */
  apply(
    uid: string | undefined,
    manager: string,
    subresource: string | undefined,
    live: Record<string, unknown>,
    applied: Record<string, unknown>,
    force: boolean,
  ): unknown {
    const owners = uid ? this.of(uid) : new Map<string, Ownership>();
    const me = identity(manager, 'Apply', undefined, subresource);
    // kubectl apply --server-side first migrates client-side-apply ownership to its own manager
    // (csaupgrade), so fields set by an earlier `kubectl apply` never conflict with it.
    for (const [key, o] of owners) {
      if (o.manager !== CSA_MANAGER || o.operation !== 'Update' || o.subresource) continue;
      if (manager === CSA_MANAGER) continue;
      const mine = owners.get(me) ?? { manager, operation: 'Apply' as const, paths: new Set() };
      for (const p of o.paths) mine.paths.add(p);
      owners.set(me, mine);
      owners.delete(key);
    }
    const withStatus = subresource === 'status';
    const want = ownedPaths(scopeOf(applied, subresource), withStatus);
    const have = ownedPaths(scopeOf(live, subresource), withStatus);
    const conflicts: Array<{ key: string; path: string }> = [];
    for (const [p, v] of want) {
      if (have.get(p) === v) continue;
      for (const [key, o] of owners) {
        if (key === me) continue;
        if ([...o.paths].some((q) => under(q, p) || under(p, q))) conflicts.push({ key, path: p });
      }
    }
    if (conflicts.length > 0 && !force) throw applyConflict(conflicts, owners);
    if (force) {
      for (const c of conflicts) {
        const o = owners.get(c.key);
        if (o)
          for (const q of [...o.paths]) if (under(q, c.path) || under(c.path, q)) o.paths.delete(q);
      }
    }
    const prev = owners.get(me)?.applied;
    const patch = prev
      ? withRemovals(prev, applied, undefined, (path) => this.ownedByOthers(owners, me, path), '')
      : applied;
    return withoutDirectives(withoutDeletions(strategicMerge(live, patch)));
  }

  /** After a successful apply: the applier's Apply entry owns exactly what it applied. */
  recordApply(
    uid: string | undefined,
    manager: string,
    applied: Record<string, unknown>,
    stamp?: WriteStamp,
  ): void {
    if (!uid) return;
    const sub = stamp?.subresource;
    const paths = ownedPaths(scopeOf(applied, sub), sub === 'status').keys();
    this.of(uid).set(identity(manager, 'Apply', undefined, sub), {
      manager,
      operation: 'Apply',
      paths: new Set([...paths].map(intern)),
      applied,
      ...stamp,
    });
  }

  private ownedByOthers(owners: Map<string, Ownership>, me: string, path: string): boolean {
    for (const [key, o] of owners) {
      if (key === me) continue;
      for (const q of o.paths) if (under(q, path)) return true;
    }
    return false;
  }
}

/**
 * The removals ride on strategic-merge `$patch: delete` items; one for a list the object no
 * longer has is taken as it is by the merge. Applying it must remove nothing, not add the item.
 */
function withoutDeletions(v: unknown): unknown {
  if (Array.isArray(v))
    return v.filter((x) => !(isPlainObject(x) && x.$patch === 'delete')).map(withoutDeletions);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutDeletions(x)]));
}

/** An apply through /status owns only status; through the main resource, everything else. */
function scopeOf(obj: Record<string, unknown>, subresource: string | undefined): unknown {
  return subresource === 'status' ? { status: obj.status } : obj;
}

/** NewConflictError: one conflict on one line, several grouped by manager (sorted by id). */
function applyConflict(
  conflicts: Array<{ key: string; path: string }>,
  owners: Map<string, Ownership>,
): ApiError {
  const name = (key: string) => {
    const o = owners.get(key);
    return o ? describeOwner(o) : JSON.stringify(key);
  };
  const n = conflicts.length;
  let message: string;
  const first = conflicts[0];
  if (n === 1 && first) {
    message = `Apply failed with 1 conflict: conflict with ${name(first.key)}: ${first.path}`;
  } else {
    const byKey = new Map<string, string[]>();
    for (const c of conflicts) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c.path]);
    const lines: string[] = [];
    for (const key of [...byKey.keys()].sort()) {
      lines.push(`conflicts with ${name(key)}:`);
      for (const p of byKey.get(key) ?? []) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${n} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, {
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${name(c.key)}`,
      field: c.path,
    })),
  });
}

/**
 * Turns "applied before, not now" into strategic-merge deletions (`null` for map fields,
 * `$patch: delete` for keyed list items), skipping fields another manager still owns.
 */
function withRemovals(
  prev: Record<string, unknown>,
  next: Record<string, unknown>,
  parentField: string | undefined,
  ownedElsewhere: (path: string) => boolean,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...next };
  for (const [k, v] of Object.entries(prev)) {
    const path = `${prefix}.${k}`;
    const nv = next[k];
    if (nv === undefined) {
      if (!ownedElsewhere(path)) out[k] = null;
      continue;
    }
    if (isPlainObject(v) && isPlainObject(nv)) {
      out[k] = withRemovals(v, nv, k, ownedElsewhere, path);
      continue;
    }
    const strategy = listStrategy(k, parentField);
    if (Array.isArray(v) && Array.isArray(nv) && strategy.kind === 'merge') {
      const key = strategy.key;
      const items = nv.map((item) => {
        const old = v.find((o) => isPlainObject(o) && isPlainObject(item) && o[key] === item[key]);
        return isPlainObject(old) && isPlainObject(item)
          ? withRemovals(
              old,
              item,
              k,
              ownedElsewhere,
              `${path}[${key}=${JSON.stringify(item[key])}]`,
            )
          : item;
      });
      for (const o of v) {
        if (!isPlainObject(o) || nv.some((item) => isPlainObject(item) && item[key] === o[key]))
          continue;
        if (!ownedElsewhere(`${path}[${key}=${JSON.stringify(o[key])}]`))
          items.push({ [key]: o[key], $patch: 'delete' });
      }
      out[k] = items;
    }
  }
  return out;
}
