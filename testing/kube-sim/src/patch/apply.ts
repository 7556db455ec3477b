import { leafPaths, under } from '../field-paths.js';
import type { ManagedFieldsEntry } from '../managed-fields.js';
import { fieldsV1, sortEntries } from '../managed-fields.js';
import { isPlainObject } from '../object.js';
import { ApiError } from '../status.js';
import { listStrategy } from './merge-keys.js';
import { strategicMerge } from './strategic-merge.js';

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
  operation: 'Apply' | 'Update';
  paths: Set<string>;
  /** The last applied configuration, for Apply managers. */
  applied?: Record<string, unknown>;
  /** When and through which version it last wrote, for `metadata.managedFields`. */
  time?: string;
  apiVersion?: string;
  /** Set for the `/status` entry, which the real server keeps apart from the main one. */
  subresource?: string;
  manager?: string;
}

/** Which write a record is: when, and in which apiVersion (managedFields shows both). */
export interface WriteStamp {
  time: string;
  apiVersion: string;
  /** `scale` for writes through /scale: the real server gives them an entry of their own. */
  subresource?: string;
}

/** Subresource writes are separate managedFields entries, so they live under their own key. */
const subKey = (manager: string, sub: string | undefined) =>
  sub ? `${manager}\u0000${sub}` : manager;

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
    this.transfer(uid, subKey(manager, stamp?.subresource), manager, changed, removed, stamp);
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
    const mine = owners.get(key) ?? { operation: 'Update' as const, paths: new Set<string>() };
    for (const p of changed) mine.paths.add(intern(p));
    if (stamp) Object.assign(mine, stamp, { manager });
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
    this.transfer(uid, subKey(manager, 'status'), manager, changed, removed, s);
  }

  /**
   * `metadata.managedFields` for `obj`: one entry per manager (and per subresource) that still
   * owns a field, in the real encoder's order; undefined when nobody does.
   */
  managedFields(uid: string | undefined, obj: unknown): ManagedFieldsEntry[] | undefined {
    const owners = uid ? this.owners.get(uid) : undefined;
    if (!owners) return undefined;
    const entries: ManagedFieldsEntry[] = [];
    for (const [name, o] of owners) {
      if (o.paths.size === 0 && o.operation === 'Update') continue;
      const e: ManagedFieldsEntry = {
        manager: o.manager ?? name,
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
   * server sends when another manager owns a field the configuration would change.
   */
  apply(
    uid: string | undefined,
    manager: string,
    apiVersion: string,
    live: Record<string, unknown>,
    applied: Record<string, unknown>,
    force: boolean,
  ): unknown {
    const owners = uid ? this.of(uid) : new Map<string, Ownership>();
    // kubectl apply --server-side first migrates client-side-apply ownership to its own manager
    // (csaupgrade), so fields set by an earlier `kubectl apply` never conflict with it.
    const csa = owners.get(CSA_MANAGER);
    if (csa && manager !== CSA_MANAGER) {
      const mine = owners.get(manager) ?? { operation: 'Apply' as const, paths: new Set<string>() };
      for (const p of csa.paths) mine.paths.add(p);
      owners.set(manager, mine);
      owners.delete(CSA_MANAGER);
    }
    const want = ownedPaths(applied, false);
    const have = ownedPaths(live, false);
    const conflicts: Array<{ manager: string; path: string }> = [];
    for (const [p, v] of want) {
      if (have.get(p) === v) continue;
      for (const [name, o] of owners) {
        if (name === manager) continue;
        if ([...o.paths].some((q) => under(q, p) || under(p, q)))
          conflicts.push({ manager: name, path: p });
      }
    }
    if (conflicts.length > 0 && !force) throw applyConflict(conflicts, apiVersion);
    if (force) {
      for (const c of conflicts) {
        const o = owners.get(c.manager);
        if (o)
          for (const q of [...o.paths]) if (under(q, c.path) || under(c.path, q)) o.paths.delete(q);
      }
    }
    const prev = owners.get(manager)?.applied;
    const patch = prev
      ? withRemovals(
          prev,
          applied,
          undefined,
          (path) => this.ownedByOthers(owners, manager, path),
          '',
        )
      : applied;
    return strategicMerge(live, patch);
  }

  /** After a successful apply: the manager owns exactly what it applied. */
  recordApply(
    uid: string | undefined,
    manager: string,
    applied: Record<string, unknown>,
    stamp?: WriteStamp,
  ): void {
    if (!uid) return;
    const owners = this.of(uid);
    owners.set(manager, {
      operation: 'Apply',
      paths: new Set([...ownedPaths(applied, false).keys()].map(intern)),
      applied,
      ...stamp,
    });
  }

  private ownedByOthers(owners: Map<string, Ownership>, manager: string, path: string): boolean {
    for (const [name, o] of owners) {
      if (name === manager) continue;
      for (const q of o.paths) if (under(q, path)) return true;
    }
    return false;
  }
}

function applyConflict(
  conflicts: Array<{ manager: string; path: string }>,
  apiVersion: string,
): ApiError {
  const byManager = new Map<string, string[]>();
  for (const c of conflicts)
    byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.path]);
  const n = conflicts.length;
  const parts = [...byManager].map(([m, paths]) =>
    paths.length === 1
      ? `conflict with "${m}" using ${apiVersion}: ${paths[0]}`
      : `conflicts with "${m}" using ${apiVersion}:\n${paths.map((p) => `- ${p}`).join('\n')}`,
  );
  return new ApiError(
    409,
    'Conflict',
    `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join('\n')}`,
    {
      causes: conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with "${c.manager}" using ${apiVersion}`,
        field: c.path,
      })),
    },
  );
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
