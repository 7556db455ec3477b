import { controllerUser } from '../admission-types.js';
import type { KubeObject } from '../object.js';
import type { ResourceType } from '../resources.js';
import { RESOURCES } from '../resources.js';
import type { Controller, ControllerContext } from './runtime.js';

const USER = { user: controllerUser('generic-garbage-collector') };

interface Owner {
  rt: ResourceType;
  ns: string;
  name: string;
  uid: string;
  gone: boolean;
}

/**
 * Garbage collector, simplified to what ownerReferences need here: background deletion of
 * dependents once the owner is gone, `foregroundDeletion` (dependents first) and `orphan`
 * (dependents lose the reference). Only owners in the same namespace are considered.
 */
export function garbageCollector(ctx: ControllerContext): Controller {
  const pending = new Map<string, Owner>();
  return {
    name: 'garbage-collector',
    keysFor(rt: ResourceType, type: string, obj: KubeObject) {
      const uid = obj.metadata.uid ?? '';
      const gone = type === 'DELETED';
      const f = obj.metadata.finalizers ?? [];
      if (
        !gone &&
        !(
          obj.metadata.deletionTimestamp &&
          (f.includes('orphan') || f.includes('foregroundDeletion'))
        )
      ) {
        return [];
      }
      pending.set(uid, {
        rt,
        ns: obj.metadata.namespace ?? '',
        name: obj.metadata.name ?? '',
        uid,
        gone,
      });
      return [uid];
    },
    async reconcile(uid) {
      const owner = pending.get(uid);
      pending.delete(uid);
      if (!owner) return;
      const cur = owner.gone ? undefined : ctx.api.store.get(owner.rt, owner.ns, owner.name);
      const finalizers = cur?.metadata.finalizers ?? [];
      const orphan = finalizers.includes('orphan');
      let left = 0;
      for (const rt of RESOURCES) {
        if (!rt.namespaced || !owner.ns) continue;
        for (const o of ctx.api.store.list(rt, owner.ns)) {
          if (!o.metadata.ownerReferences?.some((r) => r.uid === uid)) continue;
          left++;
          if (orphan) {
            await ctx.api.registry.guaranteedUpdate(
              rt,
              owner.ns,
              o.metadata.name ?? '',
              '',
              (c) => {
                const refs = c.metadata.ownerReferences?.filter((r) => r.uid !== uid) ?? [];
                const { ownerReferences: _gone, ...meta } = c.metadata;
                // An emptied list is omitted, as Go's omitempty serialises it.
                return {
                  ...c,
                  metadata: refs.length > 0 ? { ...meta, ownerReferences: refs } : meta,
                };
              },
              USER,
            );
          } else if (!o.metadata.deletionTimestamp) {
            const policy = owner.gone ? 'Background' : 'Foreground';
            await ctx.api.registry
              .delete(rt, owner.ns, o.metadata.name ?? '', { propagationPolicy: policy }, USER)
              .catch(() => undefined);
          }
        }
      }
      if (!cur) return;
      if (orphan || left === 0) {
        const drop = orphan ? 'orphan' : 'foregroundDeletion';
        await ctx.api.registry.guaranteedUpdate(
          owner.rt,
          owner.ns,
          owner.name,
          '',
          (c) => ({
            ...c,
            metadata: {
              ...c.metadata,
              finalizers: (c.metadata.finalizers ?? []).filter((f) => f !== drop),
            },
          }),
          USER,
        );
      } else {
        pending.set(uid, owner);
        ctx.later(50, () => void this.reconcile(uid).catch(() => undefined));
      }
    },
  };
}
