import { controllerUser } from '../admission-types.js';
import type { KubeObject } from '../object.js';
import { clone, isPlainObject } from '../object.js';
import type { ResourceType } from '../resources.js';
import { mustResource } from '../resources.js';
import { fromLabelSelector, matchLabels } from '../selectors.js';
import { isPodReady } from './kubelet.js';
import type { Controller, ControllerContext } from './runtime.js';
import { controllerOf, keyOf, ownerRef, splitKey } from './runtime.js';

const PODS = mustResource('', 'pods');
const RS = mustResource('apps', 'replicasets');
const USER = { user: controllerUser('replicaset-controller') };

export function activePods(
  ctx: ControllerContext,
  ns: string,
  ownerUid: string | undefined,
): KubeObject[] {
  return ctx.api.store
    .list(PODS, ns)
    .filter(
      (p) =>
        controllerOf(p)?.uid === ownerUid &&
        !p.metadata.deletionTimestamp &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    );
}

/** Which pods to remove first when scaling down: unscheduled, then not ready, then newest. */
function deletionOrder(a: KubeObject, b: KubeObject): number {
  const rank = (p: KubeObject) => (!p.spec?.nodeName ? 0 : isPodReady(p) ? 2 : 1);
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  return String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp));
}

/** Go's `omitempty` on int32 status fields: zeros are not sent at all. */
export function omitZero(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out = { ...o };
  for (const k of keys) if (out[k] === 0) delete out[k];
  return out;
}

export function podFromTemplate(
  owner: KubeObject,
  ownerKind: string,
  template: unknown,
): KubeObject {
  const tpl = isPlainObject(template) ? clone(template) : {};
  const meta = isPlainObject(tpl.metadata) ? tpl.metadata : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...meta,
      namespace: owner.metadata.namespace,
      ownerReferences: [ownerRef(owner, 'apps/v1', ownerKind)],
    },
    spec: isPlainObject(tpl.spec) ? tpl.spec : {},
  };
}

/** ReplicaSet controller: keeps spec.replicas active pods and reports them in status. */
export function replicaSetController(ctx: ControllerContext): Controller {
  return {
    name: 'replicaset-controller',
    keysFor(rt: ResourceType, _type: string, obj: KubeObject) {
      if (rt === RS) return [keyOf(obj)];
      if (rt === PODS) {
        const owner = controllerOf(obj);
        if (owner?.kind === 'ReplicaSet') return [`${obj.metadata.namespace}/${owner.name}`];
      }
      return [];
    },
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const rs = ctx.api.store.get(RS, ns, name);
      if (!rs || rs.metadata.deletionTimestamp) return;
      const want = typeof rs.spec?.replicas === 'number' ? rs.spec.replicas : 1;
      const pods = activePods(ctx, ns, rs.metadata.uid);
      if (pods.length < want) {
        const base = podFromTemplate(rs, 'ReplicaSet', rs.spec?.template);
        base.metadata.generateName = `${name}-`;
        for (let i = pods.length; i < want; i++) {
          const pod = await ctx.api.create(PODS, ns, clone(base), USER);
          ctx.record(
            rs,
            'SuccessfulCreate',
            `Created pod: ${pod.metadata.name}`,
            'replicaset-controller',
          );
        }
      } else if (pods.length > want) {
        const victims = [...pods].sort(deletionOrder).slice(0, pods.length - want);
        for (const p of victims) {
          await ctx.api.registry
            .delete(PODS, ns, p.metadata.name ?? '', {}, USER)
            .catch(() => undefined);
          ctx.record(
            rs,
            'SuccessfulDelete',
            `Deleted pod: ${p.metadata.name}`,
            'replicaset-controller',
          );
        }
      }
      const now = activePods(ctx, ns, rs.metadata.uid);
      const sel = fromLabelSelector(rs.spec?.selector) ?? [];
      const ready = now.filter(isPodReady).length;
      const status = omitZero(
        {
          replicas: now.length,
          fullyLabeledReplicas: now.filter((p) => matchLabels(sel, p.metadata.labels)).length,
          readyReplicas: ready,
          availableReplicas: ready,
          observedGeneration: rs.metadata.generation ?? 1,
        },
        ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
      );
      await ctx.api.registry.guaranteedUpdate(
        RS,
        ns,
        name,
        'status',
        (cur) => ({ ...cur, status }),
        USER,
      );
    },
  };
}
