import { controllerUser } from '../admission-types.js';
import { servedTypes } from '../custom-resources.js';
import { finalized } from '../namespace-lifecycle.js';
import type { KubeObject } from '../object.js';
import { kubeTime } from '../object.js';
import type { ResourceType } from '../resources.js';
import { mustResource, RESOURCES } from '../resources.js';
import { ApiError } from '../status.js';
import type { ContentTotals, NamespaceCondition } from './namespace-conditions.js';
import { deletionConditions } from './namespace-conditions.js';
import type { Controller, ControllerContext } from './runtime.js';

const NS = mustResource('', 'namespaces');
const PODS = mustResource('', 'pods');
const USER = { user: controllerUser('namespace-controller') };
/** What the real deleter assumes finalizers on remaining content still need, in seconds. */
const FINALIZER_ESTIMATE_SECONDS = 15;
/** Everything namespaced that can be deleted (access reviews are answered, never stored). */
const CONTENT = RESOURCES.filter((rt) => rt.namespaced && !rt.review);

/** The namespaced custom resources the store's CRDs define: deleted with the namespace too. */
function customContent(store: Parameters<typeof servedTypes>[0]): ResourceType[] {
  return servedTypes(store).filter((rt) => rt.custom && rt.namespaced && !CONTENT.includes(rt));
}

interface Pass {
  /** Seconds the content is expected to need still (graceful pods, finalizers). */
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
  error?: string;
}

/**
 * The namespace controller (pkg/controller/namespace/deletion): for a namespace with a
 * deletionTimestamp it deletes all content, type by type, with Background propagation; counts
 * what remains (pods in their grace period, objects held by finalizers) into the namespace's
 * deletion conditions; and once nothing remains removes its `kubernetes` spec finalizer
 * through /finalize — which deletes the namespace unless other finalizers hold it.
 * The real controller looks again after estimate/2+1 seconds; this one also looks whenever
 * content of a terminating namespace changes, so a namespace goes as soon as it is empty.
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
      if (!ns?.metadata.deletionTimestamp || finalized(ns)) return;
      const deletedAt = Date.parse(ns.metadata.deletionTimestamp);
      const totals = {
        remaining: new Map<string, number>(),
        finalizers: new Map<string, number>(),
        deleteErrors: [] as string[],
      };
      let estimate = 0;
      for (const rt of [...CONTENT, ...customContent(ctx.api.store)]) {
        const pass = await deleteContent(ctx, rt, name, deletedAt);
        estimate = Math.max(estimate, pass.estimate);
        if (pass.error) totals.deleteErrors.push(pass.error);
        if (pass.remaining === 0) continue;
        totals.remaining.set(`${rt.plural}.${rt.group}`, pass.remaining);
        for (const [f, n] of pass.finalizers)
          totals.finalizers.set(f, (totals.finalizers.get(f) ?? 0) + n);
      }
      await writeConditions(ctx, name, totals);
      if (totals.deleteErrors.length > 0) return 1000;
      if (estimate > 0) return (Math.floor(estimate / 2) + 1) * 1000;
      await ctx.api.registry.guaranteedUpdate(
        NS,
        '',
        name,
        'finalize',
        (cur) => {
          const left = (cur.spec?.finalizers as string[] | undefined) ?? [];
          // finalizeNamespace rebuilds the list as a sorted set without its own token.
          const finalizers = [...new Set(left.filter((f) => f !== 'kubernetes'))].sort();
          return { ...cur, spec: { ...cur.spec, finalizers } };
        },
        { ...USER, skipAdmission: true },
      );
    },
  };
}

/** deleteAllContentForGroupVersionResource for one type. */
async function deleteContent(
  ctx: ControllerContext,
  rt: ResourceType,
  ns: string,
  deletedAt: number,
): Promise<Pass> {
  let estimate = rt === PODS ? podGraceEstimate(ctx, ns) : 0;
  // A grace period the namespace's deletion has already outlived is no reason to wait.
  if (ctx.now() - deletedAt >= estimate * 1000) estimate = 0;
  if (ctx.api.store.list(rt, ns).length > 0) {
    try {
      await ctx.api.deleteCollection(rt, ns, {}, { propagationPolicy: 'Background' }, USER);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { estimate, remaining: 0, finalizers: new Map(), error: e.message };
    }
  }
  const left = ctx.api.store.list(rt, ns);
  if (left.length === 0) return { estimate: 0, remaining: 0, finalizers: new Map() };
  const finalizers = new Map<string, number>();
  for (const o of left)
    for (const f of o.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
  if (estimate > 0) return { estimate, remaining: left.length, finalizers };
  if (finalizers.size > 0)
    return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: left.length, finalizers };
  const gvr = `${rt.group}/${rt.version}, Resource=${rt.plural}`;
  return {
    estimate,
    remaining: left.length,
    finalizers,
    error: `unexpected items still remain in namespace: ${ns} for gvr: ${gvr}`,
  };
}

/** estimateGracefulTerminationForPods: the longest grace period of a pod still running. */
function podGraceEstimate(ctx: ControllerContext, ns: string): number {
  let estimate = 0;
  for (const pod of ctx.api.store.list(PODS, ns)) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = pod.spec?.terminationGracePeriodSeconds;
    if (typeof grace === 'number' && grace > estimate) estimate = grace;
  }
  return estimate;
}

/** The conditions go in through /status, and only when one of them changed. */
async function writeConditions(
  ctx: ControllerContext,
  name: string,
  totals: ContentTotals,
): Promise<void> {
  const ns = ctx.api.store.get(NS, '', name);
  if (!ns) return;
  const current = (ns.status?.conditions as NamespaceCondition[] | undefined) ?? [];
  const { conditions, changed } = deletionConditions(current, totals, kubeTime(ctx.now()));
  if (!changed) return;
  await ctx.api.registry.guaranteedUpdate(
    NS,
    '',
    name,
    'status',
    (cur) => ({ ...cur, status: { ...cur.status, conditions } }),
    USER,
  );
}
