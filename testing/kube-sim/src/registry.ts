import { randomUUID } from 'node:crypto';
import type { Admit } from './admission-types.js';
import { applyDefaults, initialStatus, jobSelector } from './defaults.js';
import { updateCauses } from './immutability.js';
import { withType } from './list.js';
import {
  admitCreateInNamespace,
  admitNamespaceDelete,
  beginTermination,
  finalized,
} from './namespace-lifecycle.js';
import type { KubeObject } from './object.js';
import { clone, deepEqual, dropNulls, isPlainObject, kubeTime } from './object.js';
import { FieldManager } from './patch/apply.js';
import { admitPodFromStore } from './pod-admission.js';
import { qosClass } from './pod-qos.js';
import type { DeleteOptions, WriteOptions } from './registry-support.js';
import {
  attrs,
  checkPreconditions,
  graceSeconds,
  managerOf,
  readyToVanish,
  ServiceIpAllocator,
  specChanged,
  stripRv,
} from './registry-support.js';
import type { ResourceType } from './resources.js';
import { groupVersion } from './resources.js';
import { alreadyExists, badRequest, conflict, invalid, MODIFIED, notFound } from './status.js';
import type { Store } from './store.js';
import { normalizeTimes } from './times.js';
import { validate, validationCauses } from './validation.js';

export type { DeleteOptions, WriteOptions };

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The generic registry (k8s.io/apiserver's genericregistry.Store): one code path for every
 * type. It owns create/update semantics, optimistic concurrency, generation, the status
 * subresource split, finalizers and admission; the Store underneath is plain storage.
 */
export class Registry {
  admit: Admit | undefined;
  readonly fields = new FieldManager();
  private readonly serviceIps = new ServiceIpAllocator();

  constructor(
    readonly store: Store,
    readonly now: () => number,
    readonly random: () => number,
  ) {}

  get(rt: ResourceType, ns: string, name: string): KubeObject {
    const o = this.store.get(rt, ns, name);
    if (!o) throw notFound(rt, name);
    return withType(rt, o);
  }

  randomSuffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += NAME_CHARS[Math.floor(this.random() * NAME_CHARS.length)];
    return s;
  }

  async create(
    rt: ResourceType,
    ns: string,
    body: unknown,
    opts: WriteOptions = {},
  ): Promise<KubeObject> {
    if (!isPlainObject(body) || !isPlainObject(body.metadata ?? {})) {
      throw badRequest(
        'the body of the request must be a JSON object with metadata; send a Kubernetes object',
      );
    }
    const o = dropNulls(clone(body)) as KubeObject;
    o.metadata ??= {};
    const m = o.metadata;
    if (rt.namespaced) {
      if (m.namespace !== undefined && m.namespace !== '' && m.namespace !== ns) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      m.namespace = ns;
    } else delete m.namespace;
    // NamespaceLifecycle is a mutating admission plugin: it answers before validation, and
    // before a generated name exists.
    admitCreateInNamespace(this.store, rt, ns, m.name || m.generateName || '');
    if (!m.name && m.generateName) m.name = `${m.generateName}${this.randomSuffix()}`;
    o.apiVersion = groupVersion(rt);
    o.kind = rt.kind;
    if (m.resourceVersion !== undefined && m.resourceVersion !== '') {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    for (const k of [
      'uid',
      'resourceVersion',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'managedFields',
    ]) {
      delete m[k];
    }
    applyDefaults(rt.kind, o);
    normalizeTimes(rt.kind, o);
    const st = initialStatus(rt.kind);
    if (st && rt.subresources.includes('status')) {
      o.status = rt.kind === 'Pod' ? { ...st, qosClass: qosClass(o) } : st;
    }
    validate(rt, o);
    // The real field manager runs before admission: what admission plugins and webhooks add
    // (a pod's token volume, tolerations, …) is owned by nobody.
    const tracked = this.admit || rt.kind === 'Pod' ? clone(o) : o;
    if (rt.kind === 'Pod') admitPodFromStore(this.store, rt, ns, o, () => this.randomSuffix());
    let final = o;
    if (this.admit && !opts.skipAdmission) {
      final =
        (await this.admit(attrs('CREATE', rt, '', ns, m.name ?? '', o, undefined, opts))) ?? o;
      final.metadata.namespace = rt.namespaced ? ns : undefined;
      if (!rt.namespaced) delete final.metadata.namespace;
      validate(rt, final);
      admitCreateInNamespace(this.store, rt, ns, m.name ?? '');
    }
    if (this.store.get(rt, ns, final.metadata.name ?? ''))
      throw alreadyExists(rt, final.metadata.name ?? '');
    final.metadata.uid = randomUUID();
    final.metadata.creationTimestamp = kubeTime(this.now());
    if (rt.generation) final.metadata.generation = 1;
    else delete final.metadata.generation;
    if (rt.kind === 'Job') jobSelector(final);
    if (rt.kind === 'Service') this.serviceIps.allocate(final);
    const stamp = { time: kubeTime(this.now()), apiVersion: groupVersion(rt) };
    // A dry run answers what would be stored — managedFields included, no resourceVersion —
    // while the real ownership records stay untouched.
    const fields = opts.dryRun ? new FieldManager() : this.fields;
    // An apply that creates is an Apply entry only; any other create is an Update.
    if (opts.applied) fields.recordApply(final.metadata.uid, managerOf(opts), opts.applied, stamp);
    else fields.recordWrite(final.metadata.uid, managerOf(opts), undefined, tracked, false, stamp);
    const mf = fields.managedFields(final.metadata.uid, final);
    if (mf) final.metadata.managedFields = mf;
    if (opts.dryRun) {
      delete final.metadata.resourceVersion;
      return withType(rt, final);
    }
    const stored = this.store.put(rt, final);
    return withType(rt, stored);
  }

  /**
   * GuaranteedUpdate: compute the next state from the current one, run admission, and retry when
   * someone else wrote meanwhile — unless the client pinned a resourceVersion (then 409).
   */
  async guaranteedUpdate(
    rt: ResourceType,
    ns: string,
    name: string,
    subresource: string,
    tryUpdate: (cur: KubeObject) => KubeObject,
    opts: WriteOptions = {},
  ): Promise<KubeObject> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const cur = this.store.get(rt, ns, name);
      if (!cur) throw notFound(rt, name);
      const next = tryUpdate(withType(rt, clone(cur)));
      const pinned = next.metadata.resourceVersion;
      if (pinned !== undefined && pinned !== '' && pinned !== cur.metadata.resourceVersion) {
        throw conflict(rt, name, MODIFIED);
      }
      let merged = this.prepareUpdate(rt, cur, next, subresource);
      if (this.admit && !opts.skipAdmission) {
        const admitted = await this.admit(
          attrs('UPDATE', rt, subresource, ns, name, merged, withType(rt, cur), opts),
        );
        // Webhooks see a Scale for /scale; their patches to it are not mapped back (not simulated).
        if (admitted && subresource !== 'scale')
          merged = this.prepareUpdate(rt, cur, admitted, subresource);
      }
      // ValidateUpdate reports the object's own errors and the immutable fields together.
      const causes = [...validationCauses(rt, merged), ...updateCauses(rt, cur, merged)];
      if (causes.length > 0) throw invalid(rt, name, causes);
      const now = this.store.get(rt, ns, name);
      if (!now) throw notFound(rt, name);
      if (now.metadata.resourceVersion !== cur.metadata.resourceVersion) {
        // Someone wrote during admission: recompute from the new state. A client-pinned
        // resourceVersion (a PUT body, a patch naming one) then fails the check above.
        continue;
      }
      return this.commit(rt, cur, merged, opts, subresource);
    }
    throw conflict(rt, name, MODIFIED);
  }

  private prepareUpdate(
    rt: ResourceType,
    cur: KubeObject,
    next: KubeObject,
    subresource: string,
  ): KubeObject {
    const n = dropNulls(clone(next));
    if (!isPlainObject(n.metadata)) n.metadata = {};
    if (n.metadata.uid && n.metadata.uid !== cur.metadata.uid) {
      throw conflict(
        rt,
        cur.metadata.name ?? '',
        `Precondition failed: UID in precondition: ${n.metadata.uid}, UID in object meta: ${cur.metadata.uid}`,
      );
    }
    if (n.metadata.name !== undefined && n.metadata.name !== cur.metadata.name) {
      throw badRequest(
        `the name of the object (${n.metadata.name}) does not match the name on the URL (${cur.metadata.name})`,
      );
    }
    if (rt.namespaced && n.metadata.namespace && n.metadata.namespace !== cur.metadata.namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    let out: KubeObject;
    if (subresource === 'finalize') {
      // Only /finalize may change a namespace's spec.finalizers, the namespace controller's door.
      out = { ...clone(cur), spec: { ...cur.spec, finalizers: n.spec?.finalizers ?? [] } };
    } else if (subresource === 'status') {
      out = { ...clone(cur), status: n.status };
    } else {
      out = n;
      applyDefaults(rt.kind, out);
      if (rt.subresources.includes('status')) {
        // A custom resource may have no status at all; it then stays without one.
        if (cur.status === undefined) delete out.status;
        else out.status = clone(cur.status);
      }
      if (rt.kind === 'Namespace') out.spec = clone(cur.spec);
      if (rt.kind === 'Service') this.serviceIps.keepAllocated(cur, out);
    }
    normalizeTimes(rt.kind, out);
    out.apiVersion = groupVersion(rt);
    out.kind = rt.kind;
    const m = out.metadata;
    const cm = cur.metadata;
    m.name = cm.name;
    if (rt.namespaced) m.namespace = cm.namespace;
    m.uid = cm.uid;
    m.creationTimestamp = cm.creationTimestamp;
    m.resourceVersion = cm.resourceVersion;
    delete m.managedFields;
    for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
      if (cm[k] === undefined) delete m[k];
      else m[k] = cm[k] as never;
    }
    if (rt.generation && specChanged(cur, out)) m.generation = (cm.generation ?? 0) + 1;
    return out;
  }

  /** Stores the update, or finishes a deletion once the last finalizer is gone. */
  private commit(
    rt: ResourceType,
    cur: KubeObject,
    next: KubeObject,
    opts: WriteOptions,
    subresource: string,
  ): KubeObject {
    if (deepEqual(stripRv(cur), stripRv(next))) return withType(rt, cur);
    if (opts.dryRun) return next;
    if (readyToVanish(rt, next)) {
      const gone = this.store.remove(rt, cur.metadata.namespace ?? '', cur.metadata.name ?? '');
      this.fields.forget(cur.metadata.uid);
      return withType(rt, gone ?? next);
    }
    if (!opts.untracked) this.recordOwnership(rt, cur, next, opts, subresource);
    this.renderManagedFields(next);
    return withType(rt, this.store.put(rt, next));
  }

  private recordOwnership(
    rt: ResourceType,
    cur: KubeObject,
    next: KubeObject,
    opts: WriteOptions,
    subresource: string,
  ): void {
    const uid = next.metadata.uid;
    const manager = managerOf(opts);
    const stamp = { time: kubeTime(this.now()), apiVersion: groupVersion(rt) };
    if (opts.applied) {
      const sub = subresource === 'status' || subresource === 'scale' ? subresource : undefined;
      this.fields.recordApply(
        uid,
        manager,
        opts.applied,
        sub ? { ...stamp, subresource: sub } : stamp,
      );
      return;
    }
    if (subresource === 'status') {
      // Only the status subtree is compared: the cheap path for most controller traffic.
      this.fields.recordStatusWrite(uid, manager, cur.status, next.status, stamp);
      return;
    }
    const sub = subresource === 'scale' ? { ...stamp, subresource } : stamp;
    this.fields.recordWrite(uid, manager, cur, next, false, sub);
  }

  /** The real server returns managedFields on every read; kubectl merely hides them. */
  private renderManagedFields(o: KubeObject): void {
    const mf = this.fields.managedFields(o.metadata.uid, o);
    if (mf) o.metadata.managedFields = mf;
    else delete o.metadata.managedFields;
  }

  /** Marks or removes an object; returns what the DELETE answer carries and whether it is gone. */
  async delete(
    rt: ResourceType,
    ns: string,
    name: string,
    options: DeleteOptions,
    opts: WriteOptions = {},
  ): Promise<{ object: KubeObject; deleted: boolean }> {
    if (rt.kind === 'Namespace') admitNamespaceDelete(name);
    const cur = this.store.get(rt, ns, name);
    if (!cur) throw notFound(rt, name);
    if (rt.kind === 'Namespace') {
      checkPreconditions(rt, cur, options, 'object meta');
      // Before the namespace is finalized a DELETE only marks it (or, again, answers it as is).
      if (!cur.metadata.deletionTimestamp) {
        await this.admitDelete(rt, ns, name, cur, opts);
        const next = beginTermination(withType(rt, cur), options, kubeTime(this.now()));
        if (opts.dryRun) return { object: next, deleted: false };
        return { object: withType(rt, this.store.put(rt, next)), deleted: false };
      }
      if (!finalized(cur)) return { object: withType(rt, cur), deleted: false };
    } else checkPreconditions(rt, cur, options);
    await this.admitDelete(rt, ns, name, cur, opts);
    const next = withType(rt, clone(cur));
    const m = next.metadata;
    // batch/v1 Jobs keep the legacy default (their strategy's DefaultGarbageCollectionPolicy):
    // a DELETE that names no policy orphans the pods; kubectl always sends Background.
    const policy = options.propagationPolicy ?? (rt.kind === 'Job' ? 'Orphan' : 'Background');
    if (policy === 'Foreground') {
      m.finalizers = [...new Set([...(m.finalizers ?? []), 'foregroundDeletion'])];
    } else if (policy === 'Orphan') {
      m.finalizers = [...new Set([...(m.finalizers ?? []), 'orphan'])];
    }
    const grace = graceSeconds(rt, cur, options);
    const lingers = (m.finalizers?.length ?? 0) > 0 || grace > 0;
    if (!lingers) {
      if (opts.dryRun) return { object: next, deleted: true };
      const gone = this.store.remove(rt, ns, name);
      this.fields.forget(cur.metadata.uid);
      return { object: withType(rt, gone ?? next), deleted: true };
    }
    if (!m.deletionTimestamp) {
      m.deletionTimestamp = kubeTime(this.now() + grace * 1000);
      m.deletionGracePeriodSeconds = grace;
      if (rt.generation) m.generation = (m.generation ?? 0) + 1;
    } else if (grace < (m.deletionGracePeriodSeconds ?? 0)) {
      m.deletionGracePeriodSeconds = grace;
    }
    if (opts.dryRun) return { object: next, deleted: false };
    if (deepEqual(stripRv(cur), stripRv(next)))
      return { object: withType(rt, cur), deleted: false };
    if (readyToVanish(rt, next)) {
      const gone = this.store.remove(rt, ns, name);
      this.fields.forget(cur.metadata.uid);
      return { object: withType(rt, gone ?? next), deleted: true };
    }
    return { object: withType(rt, this.store.put(rt, next)), deleted: false };
  }

  private async admitDelete(
    rt: ResourceType,
    ns: string,
    name: string,
    cur: KubeObject,
    opts: WriteOptions,
  ): Promise<void> {
    if (this.admit && !opts.skipAdmission)
      await this.admit(attrs('DELETE', rt, '', ns, name, undefined, withType(rt, cur), opts));
  }
}
