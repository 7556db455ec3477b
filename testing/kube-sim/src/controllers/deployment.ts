import { controllerUser } from '../admission-types.js';
import type { KubeObject } from '../object.js';
import { clone, isPlainObject, kubeTime } from '../object.js';
import type { ResourceType } from '../resources.js';
import { mustResource } from '../resources.js';
import { templateHash } from './hash.js';
import { omitZero } from './replicaset.js';
import type { Controller, ControllerContext } from './runtime.js';
import { controllerOf, keyOf, ownerRef, splitKey } from './runtime.js';

const DEPLOY = mustResource('apps', 'deployments');
const RS = mustResource('apps', 'replicasets');
const USER = { user: controllerUser('deployment-controller') };
const REVISION = 'deployment.kubernetes.io/revision';

const num = (v: unknown, d = 0) => (typeof v === 'number' ? v : d);

/** intstr: `25%` of replicas rounded (up for surge, down for unavailable) or a plain count. */
function scaled(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v ?? '0'));
  if (!m) return 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

export function maxUnavailable(d: KubeObject): number {
  const replicas = num(d.spec?.replicas, 1);
  const strategy = isPlainObject(d.spec?.strategy) ? d.spec.strategy : {};
  if (strategy.type !== 'RollingUpdate' || replicas === 0) return 0;
  const ru = isPlainObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const surge = scaled(ru.maxSurge, replicas, true);
  let unavailable = scaled(ru.maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return Math.min(unavailable, replicas);
}

function cond(
  type: string,
  status: boolean,
  reason: string,
  message: string,
  now: string,
  prev: unknown,
) {
  const old = Array.isArray(prev)
    ? prev.find((c) => isPlainObject(c) && c.type === type)
    : undefined;
  const same = isPlainObject(old) && old.status === (status ? 'True' : 'False');
  return {
    type,
    status: status ? 'True' : 'False',
    lastUpdateTime: isPlainObject(old) && same && old.reason === reason ? old.lastUpdateTime : now,
    lastTransitionTime: same && isPlainObject(old) ? old.lastTransitionTime : now,
    reason,
    message,
  };
}

/**
 * Deployment controller, simplified: the new ReplicaSet (named by pod-template-hash) is scaled
 * to full size at once; old ones go to zero once the new one is available (Recreate: first).
 * Status and conditions follow the real controller so rollout status and wait work.
 */
export function deploymentController(ctx: ControllerContext): Controller {
  return {
    name: 'deployment-controller',
    keysFor(rt: ResourceType, _type: string, obj: KubeObject) {
      if (rt === DEPLOY) return [keyOf(obj)];
      if (rt === RS) {
        const owner = controllerOf(obj);
        if (owner?.kind === 'Deployment') return [`${obj.metadata.namespace}/${owner.name}`];
      }
      return [];
    },
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const d = ctx.api.store.get(DEPLOY, ns, name);
      if (!d || d.metadata.deletionTimestamp) return;
      const replicas = num(d.spec?.replicas, 1);
      const template = isPlainObject(d.spec?.template) ? d.spec.template : {};
      const hash = templateHash(template);
      const owned = ctx.api.store
        .list(RS, ns)
        .filter((r) => controllerOf(r)?.uid === d.metadata.uid);
      let newRs = owned.find((r) => r.metadata.labels?.['pod-template-hash'] === hash);
      const old = owned.filter((r) => r !== newRs);
      const maxRev = Math.max(
        0,
        ...owned.map((r) => Number(r.metadata.annotations?.[REVISION] ?? 0)),
      );
      const recreate = isPlainObject(d.spec?.strategy) && d.spec.strategy.type === 'Recreate';
      const oldPods = old.reduce((n, r) => n + num(r.status?.replicas), 0);
      const paused = d.spec?.paused === true;

      if (!paused && recreate) {
        for (const r of old) await scaleRs(ctx, d, r, 0);
      }
      if (!paused && !newRs && (!recreate || oldPods === 0)) {
        newRs = await createRs(ctx, d, hash, template, replicas, maxRev + 1);
      } else if (!paused && newRs && num(newRs.spec?.replicas) !== replicas) {
        await scaleRs(ctx, d, newRs, replicas);
      }
      if (newRs && !paused && Number(newRs.metadata.annotations?.[REVISION] ?? 0) < maxRev) {
        // Rolling back to an old template reuses its ReplicaSet with the next revision number.
        newRs = await ctx.api.registry.guaranteedUpdate(
          RS,
          ns,
          newRs.metadata.name ?? '',
          '',
          (cur) => ({
            ...cur,
            metadata: {
              ...cur.metadata,
              annotations: { ...cur.metadata.annotations, [REVISION]: String(maxRev + 1) },
            },
          }),
          USER,
        );
      }
      if (newRs && !paused) {
        const newRev = newRs.metadata.annotations?.[REVISION];
        if (d.metadata.annotations?.[REVISION] !== newRev && newRev) {
          await ctx.api.registry.guaranteedUpdate(
            DEPLOY,
            ns,
            name,
            '',
            (cur) => ({
              ...cur,
              metadata: {
                ...cur.metadata,
                annotations: { ...cur.metadata.annotations, [REVISION]: newRev },
              },
            }),
            USER,
          );
        }
        const fresh = ctx.api.store.get(RS, ns, newRs.metadata.name ?? '');
        if (fresh && num(fresh.status?.availableReplicas) >= replicas && !recreate) {
          for (const r of old) await scaleRs(ctx, d, r, 0);
        }
      }
      await writeStatus(ctx, ns, name, hash);
    },
  };
}

async function scaleRs(
  ctx: ControllerContext,
  d: KubeObject,
  rs: KubeObject,
  replicas: number,
): Promise<void> {
  const from = num(rs.spec?.replicas);
  if (from === replicas) return;
  ctx.record(
    d,
    'ScalingReplicaSet',
    `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
    'deployment-controller',
  );
  await ctx.api.registry.guaranteedUpdate(
    RS,
    rs.metadata.namespace ?? '',
    rs.metadata.name ?? '',
    '',
    (cur) => ({ ...cur, spec: { ...cur.spec, replicas } }),
    USER,
  );
}

async function createRs(
  ctx: ControllerContext,
  d: KubeObject,
  hash: string,
  template: Record<string, unknown>,
  replicas: number,
  revision: number,
): Promise<KubeObject> {
  const tpl = clone(template);
  const tplMeta = isPlainObject(tpl.metadata) ? tpl.metadata : {};
  const labels = {
    ...(isPlainObject(tplMeta.labels) ? (tplMeta.labels as Record<string, string>) : {}),
    'pod-template-hash': hash,
  };
  tpl.metadata = { ...tplMeta, labels };
  const sel = isPlainObject(d.spec?.selector) ? clone(d.spec.selector) : {};
  const matchLabels = isPlainObject(sel.matchLabels) ? sel.matchLabels : {};
  sel.matchLabels = { ...matchLabels, 'pod-template-hash': hash };
  const body: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + 1),
        [REVISION]: String(revision),
      },
      ownerReferences: [ownerRef(d, 'apps/v1', 'Deployment')],
    },
    spec: { replicas, minReadySeconds: num(d.spec?.minReadySeconds), selector: sel, template: tpl },
  };
  const created = await ctx.api.create(RS, d.metadata.namespace ?? '', body, USER);
  ctx.record(
    d,
    'ScalingReplicaSet',
    `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`,
    'deployment-controller',
  );
  return created;
}

async function writeStatus(
  ctx: ControllerContext,
  ns: string,
  name: string,
  hash: string,
): Promise<void> {
  const d = ctx.api.store.get(DEPLOY, ns, name);
  if (!d) return;
  const owned = ctx.api.store.list(RS, ns).filter((r) => controllerOf(r)?.uid === d.metadata.uid);
  const newRs = owned.find((r) => r.metadata.labels?.['pod-template-hash'] === hash);
  const sum = (f: string) => owned.reduce((n, r) => n + num(r.status?.[f]), 0);
  const replicas = num(d.spec?.replicas, 1);
  const total = sum('replicas');
  const updated = newRs ? num(newRs.status?.replicas) : 0;
  const available = sum('availableReplicas');
  const now = kubeTime(ctx.now());
  const prev = d.status?.conditions;
  const isAvailable = available >= replicas - maxUnavailable(d);
  const complete = updated === replicas && total === replicas && available === replicas;
  const rsName = newRs?.metadata.name ?? `${name}-${hash}`;
  const conditions = [
    cond(
      'Available',
      isAvailable,
      isAvailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      isAvailable
        ? 'Deployment has minimum availability.'
        : 'Deployment does not have minimum availability.',
      now,
      prev,
    ),
    cond(
      'Progressing',
      true,
      complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
      complete
        ? `ReplicaSet "${rsName}" has successfully progressed.`
        : `ReplicaSet "${rsName}" is progressing.`,
      now,
      prev,
    ),
  ];
  const status = omitZero(
    {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: total,
      updatedReplicas: updated,
      readyReplicas: sum('readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
      conditions,
    },
    ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'],
  );
  await ctx.api.registry.guaranteedUpdate(
    DEPLOY,
    ns,
    name,
    'status',
    (cur) => ({ ...cur, status }),
    USER,
  );
}
