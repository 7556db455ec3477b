import {
  type ClusterPolicy,
  decideExpiry,
  type ExpiryDecision,
  isSystemNamespace,
} from '@curfew/core';
import type { Notification } from '@curfew/proto';
import { ANN, namespaceAsleep } from '../annotations.js';
import type { ActionContext } from '../executor/context.js';
import { recordEvent } from '../executor/namespace-patch.js';
import { withRetry } from '../executor/retry.js';
import { isSupportPod } from '../executor/support.js';
import { workloadRef } from '../executor/workload-ref.js';
import { writeWorkload } from '../executor/workload-write.js';
import { observeTimeBomb } from '../kube/observe.js';
import type { NamespaceObject, PodObject, WorkloadObject } from '../kube/types.js';
import * as build from '../notify/build.js';

export interface TimeBombOptions {
  ctx: ActionContext;
  policy: ClusterPolicy;
  /** Minutes before expiry, validated (largest first). */
  warningOffsetsMinutes: readonly number[];
  notify: (notification: Notification) => void;
  staleAfterMs: number;
}

type Target = WorkloadObject | PodObject;

interface Due {
  object: Target;
  decision: ExpiryDecision;
}

/**
 * Executes core's time-bomb decisions for one namespace (called by the reconciler under the
 * namespace's lock): warnings, scale-to-0 of expired workloads, deletion of expired bare Pods.
 * Every step is idempotent — its record is written in the same PATCH as its effect — so it is
 * simply run again after a crash or a failure.
 */
export class TimeBombs {
  /**
   * Warnings sent for bare Pods (`<ns>/<pod>` → record). The chart grants `patch` on Pods only
   * for EXTEND, so this one record lives in memory rather than on the Pod: after a restart a
   * warning may be re-sent, with the same notification id, which the hub deduplicates.
   */
  private readonly podWarnings = new Map<string, string>();

  constructor(private readonly options: TimeBombOptions) {}

  /** Does what is due in `name`; returns when to look again (null: only on a change). */
  async reconcile(name: string): Promise<number | null> {
    const { ctx, policy, warningOffsetsMinutes } = this.options;
    const ns = ctx.cache.namespace(name);
    if (!ns || ns.meta.deleting || ns.phase === 'Terminating') return null;
    if (name === policy.agentNamespace) return this.expireSupportPods(name);
    if (isSystemNamespace(name, policy)) return null;
    const now = ctx.clock.now();
    const context = {
      now,
      offsetsMinutes: warningOffsetsMinutes,
      namespaceSuspended: namespaceAsleep(ns),
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
    if (due.length > 0) await this.execute(ns, due);
    return next;
  }

  /**
   * The agent's namespace is never managed, except for the support pods the agent started
   * there: they expire like any bare Pod, without warnings or notifications (the namespace has
   * no owner to tell; whoever started one saw its expiry in the answer).
   */
  private async expireSupportPods(namespace: string): Promise<number | null> {
    const { ctx } = this.options;
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
    await Promise.all(ends.map((d) => ctx.limiter.run(() => this.end(d))));
    return next;
  }

  private async execute(ns: NamespaceObject, due: Due[]): Promise<void> {
    const { ctx, staleAfterMs } = this.options;
    const name = ns.meta.name;
    const nctx = { now: ctx.clock.now(), staleAfterMs };
    const warns = due.filter((d) => d.decision.kind === 'warn');
    const ends = due.filter((d) => d.decision.kind === 'expire' || d.decision.kind === 'delete');
    const revivals = due.filter((d) => d.decision.kind === 'revive');
    if (warns.length > 0) {
      const offset = Math.min(
        ...warns.map((d) => (d.decision.kind === 'warn' ? d.decision.offsetMinutes : 0)),
      );
      // Notify first, then record: a crash in between re-sends the same id (deduplicated by
      // the hub); the other order could let a workload expire without its warning.
      this.options.notify(
        build.expiryWarning(
          ns,
          warns.map((d) => workloadRef(d.object, null)),
          offset,
          nctx,
        ),
      );
      for (const { object, decision } of warns) {
        if (decision.kind !== 'warn') continue;
        if (object.kind === 'Pod') {
          this.podWarnings.set(
            `${name}/${object.meta.name}`,
            decision.annotations[ANN.expiryWarned] ?? '',
          );
        } else await this.step(object, () => ({ annotations: decision.annotations }));
      }
      await recordEvent(
        ctx,
        name,
        'CurfewExpiryWarning',
        `Time bombs go off in ${offset} minutes or less: ${warns.map((d) => describe(d.object)).join(', ')}`,
      );
      ctx.metrics.actions.inc({ action: 'expiry_warning', outcome: 'succeeded' });
    }
    if (ends.length > 0) {
      // Same order as a suspend's "beforeFinal": the owners hear about it even if the agent
      // dies half-way; the next agent redoes the rest and re-sends the same id.
      this.options.notify(
        build.expired(
          ns,
          ends.map((d) => workloadRef(d.object, null)),
          nctx,
        ),
      );
      await Promise.all(ends.map((d) => ctx.limiter.run(() => this.end(d))));
    }
    for (const { object, decision } of revivals) {
      if (object.kind === 'Pod') continue;
      const written = await this.step(object, (current) => this.replan(current, 'revive'));
      if (written) {
        await recordEvent(ctx, name, 'CurfewRevived', `${describe(object)}: ${decision.reason}`);
      }
    }
  }

  /** The PATCH for `want`, decided again on `current` (a fresh read after a conflict). */
  private replan(current: WorkloadObject, want: 'expire' | 'revive') {
    const { ctx } = this.options;
    const ns = ctx.cache.namespace(current.meta.namespace);
    const again = decideExpiry(observeTimeBomb(current), {
      now: ctx.clock.now(),
      offsetsMinutes: this.options.warningOffsetsMinutes,
      namespaceSuspended: ns ? namespaceAsleep(ns) : false,
    });
    if (again.kind !== want || (again.kind !== 'expire' && again.kind !== 'revive')) return null;
    return {
      annotations: again.annotations,
      ...(again.replicas === undefined ? {} : { replicas: again.replicas }),
      resourceVersion: current.meta.resourceVersion,
    };
  }

  /** Scales one expired workload to 0 (record and marker in the same PATCH) or deletes a Pod. */
  private async end({ object, decision }: Due): Promise<void> {
    const { ctx } = this.options;
    const { namespace, name } = object.meta;
    if (object.kind === 'Pod') {
      const deleted = await withRetry(ctx.retry, () => ctx.kube.deletePod(namespace, name));
      if (!deleted) return;
      this.podWarnings.delete(`${namespace}/${name}`);
      ctx.metrics.actions.inc({ action: 'expire_pod', outcome: 'succeeded' });
      await recordEvent(ctx, namespace, 'CurfewExpired', `Pod ${name} deleted: ${decision.reason}`);
      return;
    }
    const written = await this.step(object, (current) => this.replan(current, 'expire'));
    if (!written) return;
    ctx.metrics.actions.inc({ action: 'expire', outcome: 'succeeded' });
    await recordEvent(
      ctx,
      namespace,
      'CurfewExpired',
      `${describe(object)} scaled to 0 (was ${object.replicas}): ${decision.reason}`,
    );
  }

  /**
   * One PATCH, planned from the informer's copy first; after a failure (409: someone wrote in
   * between) re-read and planned again, so a stale copy never writes a wrong record.
   */
  private async step(
    cached: WorkloadObject,
    plan: (current: WorkloadObject) => Parameters<ActionContext['kube']['patchWorkload']>[3] | null,
  ): Promise<WorkloadObject | null> {
    const { ctx } = this.options;
    const { kind } = cached;
    const { namespace, name } = cached.meta;
    return writeWorkload(ctx, cached, async (current) => {
      const patch = plan(current);
      if (!patch) return null;
      const result = await ctx.kube.patchWorkload(kind, namespace, name, patch);
      ctx.cache.apply({ type: 'upsert', object: result });
      return result;
    });
  }

  private forgetPods(namespace: string, live: Set<string>): void {
    for (const key of this.podWarnings.keys()) {
      if (key.startsWith(`${namespace}/`) && !live.has(key)) this.podWarnings.delete(key);
    }
  }
}

function describe(object: Target): string {
  return `${object.kind} ${object.meta.name}`;
}
