import { decideExpiry, isSystemNamespace, namespaceAsleep } from '@curfew/core';
import {
  type ActionEnv,
  type Due,
  expire,
  isSupportPod,
  revive,
  warnExpiry,
} from '../actions/index.js';
import { observeTimeBomb } from '../kube/observe.js';
import type { PodObject, WorkloadObject } from '../kube/types.js';

type Target = WorkloadObject | PodObject;

/**
 * Decides the time bombs of one namespace with core's decideExpiry (called by the reconciler
 * under the namespace's lock) and hands what is due to the actions: warnings, scale-to-0 of
 * expired workloads, deletion of expired bare Pods, revival of workloads valid again. Every
 * action is idempotent — its record is written with its effect — so it is simply decided and run
 * again after a crash or a failure.
 */
export class TimeBombs {
  /**
   * Warnings sent for bare Pods (`<ns>/<pod>` → record). The chart grants `patch` on Pods only
   * for EXTEND, so this one record lives in memory rather than on the Pod: after a restart a
   * warning may be re-sent, with the same notification id, which the hub deduplicates.
   */
  private readonly podWarnings = new Map<string, string>();

  constructor(
    /** Minutes before expiry, validated (largest first). */
    private readonly warningOffsetsMinutes: readonly number[],
  ) {}

  /**
   * Does what is due in `name` (`env` holds the namespace's lock); returns when to look again
   * (null: only on a change).
   */
  async reconcile(env: ActionEnv, name: string): Promise<number | null> {
    const { ctx, policy } = env;
    const ns = ctx.cache.namespace(name);
    if (!ns || ns.meta.deleting || ns.phase === 'Terminating') return null;
    if (name === policy.agentNamespace) return this.expireSupportPods(env, name);
    if (isSystemNamespace(name, policy)) return null;
    const context = {
      now: ctx.clock.now(),
      offsetsMinutes: this.warningOffsetsMinutes,
      namespaceSuspended: namespaceAsleep(ns.meta.annotations),
    };
    const due: Due[] = [];
    let next: number | null = null;
    const consider = (object: Target, warnedRecord?: string) => {
      const decision = decideExpiry(observeTimeBomb(object), {
        ...context,
        ...(warnedRecord === undefined ? {} : { warnedRecord }),
      });
      if (decision.nextCheckAt !== null && (next === null || decision.nextCheckAt < next)) {
        next = decision.nextCheckAt;
      }
      if (decision.kind !== 'none') due.push({ object, decision });
    };
    for (const workload of ctx.cache.workloads(name)) consider(workload);
    const live = new Set<string>();
    for (const pod of ctx.cache.pods(name)) {
      const key = `${name}/${pod.meta.name}`;
      live.add(key);
      consider(pod, this.podWarnings.get(key));
    }
    this.forgetPods(name, live);
    const warns = due.filter((d) => d.decision.kind === 'warn');
    const ends = due.filter((d) => d.decision.kind === 'expire' || d.decision.kind === 'delete');
    const revivals = due.filter((d) => d.decision.kind === 'revive');
    if (warns.length > 0) {
      const podRecords = await warnExpiry(env, ns, warns);
      for (const [pod, record] of podRecords) this.podWarnings.set(`${name}/${pod}`, record);
    }
    if (ends.length > 0) {
      await expire(env, ns, ends);
      for (const d of ends)
        if (d.object.kind === 'Pod') this.podWarnings.delete(`${name}/${d.object.meta.name}`);
    }
    if (revivals.length > 0) await revive(env, name, revivals);
    return next;
  }

  /**
   * The agent's namespace is never managed, except for the support pods the agent started
   * there: they expire like any bare Pod, without warnings or notifications (the namespace has
   * no owner to tell; whoever started one saw its expiry in the answer).
   */
  private async expireSupportPods(env: ActionEnv, namespace: string): Promise<number | null> {
    const { ctx } = env;
    const ns = ctx.cache.namespace(namespace);
    if (!ns) return null;
    const context = { now: ctx.clock.now(), offsetsMinutes: [], namespaceSuspended: false };
    let next: number | null = null;
    const ends: Due[] = [];
    for (const pod of ctx.cache.pods(namespace).filter(isSupportPod)) {
      const decision = decideExpiry(observeTimeBomb(pod), context);
      if (decision.nextCheckAt !== null && (next === null || decision.nextCheckAt < next)) {
        next = decision.nextCheckAt;
      }
      if (decision.kind === 'delete') ends.push({ object: pod, decision });
    }
    if (ends.length > 0) await expire(env, ns, ends, { notify: false });
    return next;
  }

  private forgetPods(namespace: string, live: Set<string>): void {
    for (const key of this.podWarnings.keys()) {
      if (key.startsWith(`${namespace}/`) && !live.has(key)) this.podWarnings.delete(key);
    }
  }
}
