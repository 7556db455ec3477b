import { controllerUser } from '../admission-types.js';
import type { KubeObject } from '../object.js';
import type { ResourceType } from '../resources.js';
import { mustResource, RESOURCES } from '../resources.js';
import type { Controller, ControllerContext } from './runtime.js';

const NS = mustResource('', 'namespaces');
const USER = { user: controllerUser('namespace-controller') };

/**
 * Namespace controller: once a namespace is Terminating it deletes everything in it, waits
 * until the content (pods finishing their grace period, objects held by finalizers) is gone,
 * then removes the `kubernetes` spec finalizer so the namespace itself disappears. Other spec
 * finalizers keep it Terminating, as on a real cluster.
 */
export function namespaceController(ctx: ControllerContext): Controller {
  return {
    name: 'namespace-controller',
    keysFor(rt: ResourceType, _type: string, obj: KubeObject) {
      if (rt === NS) return [`/${obj.metadata.name}`];
      if (rt.namespaced) {
        const ns = ctx.api.store.get(NS, '', obj.metadata.namespace ?? '');
        if (ns?.metadata.deletionTimestamp) return [`/${ns.metadata.name}`];
      }
      return [];
    },
    async reconcile(key) {
      const name = key.slice(1);
      const ns = ctx.api.store.get(NS, '', name);
      if (!ns?.metadata.deletionTimestamp) return;
      let remaining = 0;
      for (const rt of RESOURCES) {
        if (!rt.namespaced) continue;
        for (const o of ctx.api.store.list(rt, name)) {
          remaining++;
          if (o.metadata.deletionTimestamp) continue;
          await ctx.api.registry
            // The real namespace deleter says Background, overriding e.g. Jobs' Orphan default.
            .delete(rt, name, o.metadata.name ?? '', { propagationPolicy: 'Background' }, USER)
            .catch(() => undefined);
        }
      }
      if (remaining > 0) {
        for (const rt of RESOURCES)
          if (rt.namespaced && ctx.api.store.list(rt, name).length > 0) return;
      }
      const finalizers = Array.isArray(ns.spec?.finalizers) ? ns.spec.finalizers : [];
      if (!finalizers.includes('kubernetes')) return;
      await ctx.api.registry.guaranteedUpdate(
        NS,
        '',
        name,
        'finalize',
        (cur) => ({
          ...cur,
          spec: { ...cur.spec, finalizers: finalizers.filter((f) => f !== 'kubernetes') },
        }),
        { ...USER, skipAdmission: true },
      );
    },
  };
}
