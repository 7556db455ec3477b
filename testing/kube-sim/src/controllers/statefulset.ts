import { controllerUser } from '../admission-types.js';
import type { KubeObject } from '../object.js';
import { clone, isPlainObject } from '../object.js';
import type { ResourceType } from '../resources.js';
import { mustResource } from '../resources.js';
import { templateHash } from './hash.js';
import { isPodReady } from './kubelet.js';
import { podFromTemplate } from './replicaset.js';
import type { Controller, ControllerContext } from './runtime.js';
import { controllerOf, keyOf, splitKey } from './runtime.js';

const STS = mustResource('apps', 'statefulsets');
const PODS = mustResource('', 'pods');
const USER = { user: controllerUser('statefulset-controller') };
const REV = 'controller-revision-hash';

function ordinal(stsName: string, pod: KubeObject): number {
  const n = pod.metadata.name ?? '';
  const m = new RegExp(`^${stsName.replace(/[.]/g, '\\.')}-(\\d+)$`).exec(n);
  return m ? Number(m[1]) : -1;
}

/**
 * StatefulSet controller: pods `name-0..n-1`. With OrderedReady (the default) it creates one
 * pod at a time, each after its predecessors are Running and Ready, scales down from the
 * highest ordinal, and rolls template changes from the highest ordinal down.
 */
export function statefulSetController(ctx: ControllerContext): Controller {
  return {
    name: 'statefulset-controller',
    keysFor(rt: ResourceType, _type: string, obj: KubeObject) {
      if (rt === STS) return [keyOf(obj)];
      if (rt === PODS) {
        const owner = controllerOf(obj);
        if (owner?.kind === 'StatefulSet') return [`${obj.metadata.namespace}/${owner.name}`];
      }
      return [];
    },
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const sts = ctx.api.store.get(STS, ns, name);
      if (!sts || sts.metadata.deletionTimestamp) return;
      const replicas = typeof sts.spec?.replicas === 'number' ? sts.spec.replicas : 1;
      const parallel = sts.spec?.podManagementPolicy === 'Parallel';
      const updateRevision = `${name}-${templateHash(sts.spec?.template)}`;
      const pods = ctx.api.store
        .list(PODS, ns)
        .filter((p) => controllerOf(p)?.uid === sts.metadata.uid);
      const byOrdinal = new Map(pods.map((p) => [ordinal(name, p), p]));
      let blocked = false;
      for (let i = 0; i < replicas && !blocked; i++) {
        const p = byOrdinal.get(i);
        if (!p) {
          await ctx.api.create(PODS, ns, podFor(sts, i, updateRevision), USER);
          ctx.record(
            sts,
            'SuccessfulCreate',
            `create Pod ${name}-${i} in StatefulSet ${name} successful`,
            'statefulset-controller',
          );
          if (!parallel) blocked = true;
        } else if (p.metadata.deletionTimestamp || !isPodReady(p)) {
          if (!parallel) blocked = true;
        }
      }
      const extras = pods
        .filter((p) => ordinal(name, p) >= replicas && !p.metadata.deletionTimestamp)
        .sort((a, b) => ordinal(name, b) - ordinal(name, a));
      if (!blocked) {
        for (const p of parallel ? extras : extras.slice(0, 1)) {
          await ctx.api.registry
            .delete(PODS, ns, p.metadata.name ?? '', {}, USER)
            .catch(() => undefined);
          ctx.record(
            sts,
            'SuccessfulDelete',
            `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`,
            'statefulset-controller',
          );
        }
        if (extras.length === 0) {
          const stale = pods
            .filter(
              (p) =>
                ordinal(name, p) < replicas &&
                p.metadata.labels?.[REV] !== updateRevision &&
                !p.metadata.deletionTimestamp,
            )
            .sort((a, b) => ordinal(name, b) - ordinal(name, a))[0];
          if (stale)
            await ctx.api.registry
              .delete(PODS, ns, stale.metadata.name ?? '', {}, USER)
              .catch(() => undefined);
        }
      }
      const live = ctx.api.store
        .list(PODS, ns)
        .filter((p) => controllerOf(p)?.uid === sts.metadata.uid);
      const ready = live.filter(isPodReady).length;
      const updated = live.filter((p) => p.metadata.labels?.[REV] === updateRevision).length;
      const prevCurrent =
        typeof sts.status?.currentRevision === 'string'
          ? sts.status.currentRevision
          : updateRevision;
      const done = updated === replicas && ready === replicas && live.length === replicas;
      const currentRevision = done || live.length === 0 ? updateRevision : prevCurrent;
      const status: Record<string, unknown> = {
        observedGeneration: sts.metadata.generation ?? 1,
        replicas: live.length,
        readyReplicas: ready,
        currentReplicas: live.filter((p) => p.metadata.labels?.[REV] === currentRevision).length,
        updatedReplicas: updated,
        availableReplicas: ready,
        currentRevision,
        updateRevision,
        collisionCount: 0,
      };
      for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
        if (status[k] === 0) delete status[k];
      await ctx.api.registry.guaranteedUpdate(
        STS,
        ns,
        name,
        'status',
        (cur) => ({ ...cur, status }),
        USER,
      );
    },
  };
}

function podFor(sts: KubeObject, i: number, revision: string): KubeObject {
  const name = `${sts.metadata.name}-${i}`;
  const pod = podFromTemplate(sts, 'StatefulSet', sts.spec?.template);
  pod.metadata.name = name;
  pod.metadata.labels = {
    ...(pod.metadata.labels ?? {}),
    [REV]: revision,
    'statefulset.kubernetes.io/pod-name': name,
    'apps.kubernetes.io/pod-index': String(i),
  };
  const spec = isPlainObject(pod.spec) ? clone(pod.spec) : {};
  spec.hostname = name;
  if (typeof sts.spec?.serviceName === 'string' && sts.spec.serviceName)
    spec.subdomain = sts.spec.serviceName;
  pod.spec = spec;
  return pod;
}
