import type { ListBody, ListQuery } from './list.js';
import { listObjects } from './list.js';
import type { KubeObject } from './object.js';
import { clone, isPlainObject } from './object.js';
import type { PatchKind } from './patch/index.js';
import { applyPatch } from './patch/index.js';
import type { DeleteOptions, WriteOptions } from './registry.js';
import { Registry } from './registry.js';
import type { ResourceType } from './resources.js';
import { fromScale, toScale } from './scale.js';
import type { StatusBody } from './status.js';
import { ApiError, badRequest, methodNotSupported, pathNotFound, successStatus } from './status.js';
import { Store } from './store.js';

export interface PatchOptions extends WriteOptions {
  fieldManager?: string | undefined;
  force?: boolean;
}

/**
 * The verbs as a client sees them, on top of the generic registry: patch types, server-side
 * apply, subresources (/status, /scale, /finalize), delete answers and deletecollection.
 */
export class Api {
  readonly registry: Registry;

  constructor(
    readonly store: Store,
    now: () => number,
    random: () => number,
  ) {
    this.registry = new Registry(store, now, random);
  }

  get(rt: ResourceType, ns: string, name: string, sub = ''): KubeObject {
    this.checkSub(rt, sub, 'get');
    const o = this.registry.get(rt, ns, name);
    return sub === 'scale' ? toScale(o) : o;
  }

  list(rt: ResourceType, ns: string | undefined, q: ListQuery): ListBody {
    return listObjects(this.store, rt, ns, q);
  }

  create(
    rt: ResourceType,
    ns: string,
    body: unknown,
    opts: WriteOptions = {},
  ): Promise<KubeObject> {
    return this.registry.create(rt, ns, body, opts);
  }

  async update(
    rt: ResourceType,
    ns: string,
    name: string,
    sub: string,
    body: unknown,
    opts: WriteOptions = {},
  ) {
    this.checkSub(rt, sub, 'update');
    if (!isPlainObject(body) || !isPlainObject(body.metadata)) {
      throw badRequest(
        'the body of an update must be the full object with metadata; GET it, change it, PUT it',
      );
    }
    const incoming = body as KubeObject;
    if (sub === 'scale') {
      const out = await this.registry.guaranteedUpdate(
        rt,
        ns,
        name,
        'scale',
        (cur) => fromScale(cur, incoming),
        opts,
      );
      return toScale(out);
    }
    return this.registry.guaranteedUpdate(rt, ns, name, sub, () => clone(incoming), opts);
  }

  async patch(
    rt: ResourceType,
    ns: string,
    name: string,
    sub: string,
    kind: PatchKind,
    patch: unknown,
    opts: PatchOptions = {},
  ): Promise<KubeObject> {
    this.checkSub(rt, sub, 'patch');
    if (kind === 'apply') return this.apply(rt, ns, name, sub, patch, opts);
    if (sub === 'scale') {
      const out = await this.registry.guaranteedUpdate(
        rt,
        ns,
        name,
        'scale',
        (cur) => {
          const scale = applyPatch(kind, toScale(cur), patch);
          return fromScale(cur, scale);
        },
        opts,
      );
      return toScale(out);
    }
    return this.registry.guaranteedUpdate(
      rt,
      ns,
      name,
      sub,
      (cur) => applyPatch(kind, cur, patch),
      opts,
    );
  }

  private async apply(
    rt: ResourceType,
    ns: string,
    name: string,
    sub: string,
    patch: unknown,
    opts: PatchOptions,
  ): Promise<KubeObject> {
    if (!opts.fieldManager) {
      throw badRequest(
        'PATCH /apply: fieldManager is required for apply requests; pass ?fieldManager=<name>',
      );
    }
    if (
      !isPlainObject(patch) ||
      typeof patch.apiVersion !== 'string' ||
      typeof patch.kind !== 'string'
    ) {
      throw badRequest(
        'apply patch must be an object with apiVersion and kind (the full intended configuration)',
      );
    }
    const manager = opts.fieldManager;
    const applied = patch as Record<string, unknown>;
    if (!this.store.get(rt, ns, name) && sub === '') {
      const body = clone(applied) as KubeObject;
      body.metadata = { ...(isPlainObject(body.metadata) ? body.metadata : {}), name };
      return this.registry.create(rt, ns, body, { ...opts, manager, applied });
    }
    const out = await this.registry.guaranteedUpdate(
      rt,
      ns,
      name,
      sub,
      (cur) => {
        const next = this.registry.fields.apply(
          cur.metadata.uid,
          manager,
          sub === '' ? undefined : sub,
          cur,
          applied,
          opts.force === true,
        ) as KubeObject;
        // Apply never pins a resourceVersion unless the configuration itself carries one.
        const pinned = isPlainObject(applied.metadata)
          ? applied.metadata.resourceVersion
          : undefined;
        next.metadata.resourceVersion = typeof pinned === 'string' ? pinned : '';
        return next;
      },
      { ...opts, manager, applied },
    );
    return out;
  }

  async delete(
    rt: ResourceType,
    ns: string,
    name: string,
    options: DeleteOptions,
    opts: WriteOptions = {},
  ): Promise<KubeObject | StatusBody> {
    const { object, deleted } = await this.registry.delete(rt, ns, name, options, opts);
    if (deleted && !rt.deleteReturnsObject) return successStatus(rt, name, object.metadata.uid);
    return object;
  }

  async deleteCollection(
    rt: ResourceType,
    ns: string | undefined,
    q: ListQuery,
    options: DeleteOptions,
    opts: WriteOptions = {},
  ): Promise<ListBody> {
    const listed = this.list(rt, ns, {
      labelSelector: q.labelSelector,
      fieldSelector: q.fieldSelector,
    });
    const items: KubeObject[] = [];
    for (const item of listed.items) {
      try {
        const r = await this.registry.delete(
          rt,
          item.metadata.namespace ?? '',
          item.metadata.name ?? '',
          options,
          opts,
        );
        const { apiVersion: _a, kind: _k, ...rest } = r.object;
        items.push(rest as KubeObject);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
      }
    }
    return { ...listed, items };
  }

  private checkSub(rt: ResourceType, sub: string, verb: string): void {
    if (sub === '') return;
    if (sub === 'finalize' && rt.kind === 'Namespace' && verb === 'update') return;
    if (sub === 'status' || sub === 'scale') {
      if (rt.subresources.includes(sub)) return;
    }
    if (sub === 'finalize' && rt.kind === 'Namespace') throw methodNotSupported(rt, verb);
    throw pathNotFound();
  }
}

export { Store };
