import {
  type ClusterPolicy,
  decideNamespace,
  resumeAnnotations,
  suspendAnnotations,
} from '@curfew/core';
import type { Notification } from '@curfew/proto';
import { ANN } from '../annotations.js';
import type { ActionContext } from '../executor/context.js';
import type { KeyedMutex } from '../executor/keyed-mutex.js';
import { patchNamespace, recordEvent } from '../executor/namespace-patch.js';
import type { ReadinessTracker } from '../executor/readiness.js';
import { resumeNamespace, suspendNamespace } from '../executor/suspend-resume.js';
import { observe } from '../kube/observe.js';
import type { AnnotationPatch } from '../kube/types.js';
import * as build from '../notify/build.js';
import { hasDrift, judgeWake } from './drift.js';
import type { TimeBombs } from './time-bombs.js';
import { TimerQueue } from './timer-queue.js';

const RETRY_AFTER_FAILURE_MS = 30_000;

export interface ReconcilerOptions {
  ctx: ActionContext;
  policy: ClusterPolicy;
  locks: KeyedMutex;
  readiness: ReadinessTracker;
  notify: (notification: Notification) => void;
  staleAfterMs: number;
  resumeReadyTimeoutMs: number;
  /** Time bombs of the namespace's workloads and Pods, decided with the namespace. */
  timeBombs: TimeBombs;
}

/**
 * Turns core's decisions into actions. A namespace is decided again when the informers
 * report a change to it or its workloads, and when its `nextCheckAt` comes (one timer queue
 * for all namespaces). Only the leader's reconciler is active.
 */
export class Reconciler {
  private readonly timers: TimerQueue;
  private readonly pending = new Set<string>();
  private flushScheduled = false;
  private active = false;
  private readonly inflight = new Set<Promise<void>>();
  private readonly queued = new Set<string>();

  constructor(private readonly options: ReconcilerOptions) {
    this.timers = new TimerQueue(options.ctx.clock, (keys) => {
      for (const key of keys) this.touch(key);
    });
  }

  get scheduled(): number {
    return this.timers.size;
  }

  nextCheckOf(namespace: string): number | undefined {
    return this.timers.get(namespace);
  }

  /** Becomes leader: decide every namespace once, then on changes and timers. */
  start(): void {
    this.active = true;
    for (const name of this.options.ctx.cache.namespaces.keys()) this.touch(name);
  }

  async stop(): Promise<void> {
    this.active = false;
    this.timers.clear();
    this.pending.clear();
    await this.idle();
  }

  /** Something about `namespace` changed (or its time came): decide it again soon. */
  touch(namespace: string): void {
    if (!this.active) return;
    this.pending.add(namespace);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Coalesce: a suspend of 500 workloads produces 1,000+ watch events for one namespace.
    setImmediate(() => {
      this.flushScheduled = false;
      for (const name of [...this.pending]) {
        this.pending.delete(name);
        // Already waiting for the namespace's lock (behind a running suspend, say): that
        // reconcile will see this change too.
        if (this.queued.has(name)) continue;
        this.queued.add(name);
        const run = this.options.locks
          .run(name, () => {
            this.queued.delete(name);
            return this.reconcile(name);
          })
          .catch((error) => this.failed(name, error));
        this.inflight.add(run);
        void run.finally(() => this.inflight.delete(run));
      }
    });
  }

  /**
   * A failed action (API server down, RBAC) is tried again later rather than forgotten: a
   * quiet namespace has no watch event to bring it back otherwise.
   */
  private failed(name: string, error: unknown): void {
    const { ctx } = this.options;
    ctx.log.error({ err: error, namespace: name }, 'reconcile failed; retrying in 30 s');
    ctx.metrics.actions.inc({ action: 'reconcile', outcome: 'failed' });
    if (this.active) this.timers.set(name, ctx.clock.now() + RETRY_AFTER_FAILURE_MS);
  }

  /** Resolves once nothing is queued or running (tests and shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.inflight.size === 0 && this.pending.size === 0 && !this.flushScheduled) return;
      await Promise.all([...this.inflight]);
    }
  }

  private async reconcile(name: string): Promise<void> {
    if (!this.active) return;
    const { ctx, policy } = this.options;
    const ns = ctx.cache.namespace(name);
    const obs = observe(ctx.cache, name);
    if (!ns || !obs) {
      this.timers.set(name, null);
      return;
    }
    const now = ctx.clock.now();
    const state = ns.meta.annotations[ANN.state];
    // An action a previous agent (or this one) started and did not finish: finish it. Both
    // are idempotent, so repeating the steps that did complete changes nothing.
    const nctx = { now, staleAfterMs: this.options.staleAfterMs };
    if (state === 'suspending') {
      const actor = ns.meta.annotations[ANN.suspendedBy] ?? 'schedule';
      ctx.log.info({ namespace: name }, 'finishing an interrupted suspend');
      const usage = ctx.cache.usage(name);
      // The agent that started it may have died before telling anyone; the id is the same
      // as the one it would have used, so the hub sends one message either way.
      await suspendNamespace(ctx, name, {
        actor,
        annotations: suspendAnnotations(now, actor),
        beforeFinal: (report) =>
          this.options.notify(
            build.suspended(
              ctx.cache.namespace(name) ?? ns,
              usage,
              actor,
              `${name} was suspended by ${actor}.`,
              nctx,
              report.suspendedAt ?? '',
            ),
          ),
      });
      this.touch(name);
      return;
    }
    if (state === 'resuming') {
      ctx.log.info({ namespace: name }, 'finishing an interrupted resume');
      const running = { ...obs, annotations: { ...obs.annotations, [ANN.state]: 'suspended' } };
      const report = await resumeNamespace(ctx, name, {
        actor: 'schedule',
        annotations: resumeAnnotations(running, policy, now),
      });
      this.reportReadiness(name, report.restored, 'schedule', '');
      this.touch(name);
      return;
    }
    // Time bombs first: they are per workload and hold whatever the namespace's schedule
    // does; their next due time shares this namespace's one timer.
    const expiryNext = await this.timeBombs(name, now);
    const decision = decideNamespace(obs, policy, now);
    const log = ctx.log.child({ namespace: name, decision: decision.kind });
    switch (decision.kind) {
      case 'remind': {
        if (hasDrift(ns)) break;
        const usage = ctx.cache.usage(name);
        log.info(
          { offset: decision.offsetMinutes, shutdownAt: decision.shutdownAt },
          decision.reason,
        );
        // Notify first, then record: a crash in between re-sends the same id, which the hub
        // deduplicates; the other order could lose the reminder and suspend without one.
        this.options.notify(
          build.reminder(ns, usage, decision.offsetMinutes, decision.shutdownAt, nctx),
        );
        await this.write(name, decision.annotations);
        break;
      }
      case 'suspend': {
        if (hasDrift(ns)) {
          log.debug('suspend skipped: drift reported, not fighting it');
          this.timers.set(name, expiryNext);
          return;
        }
        const usage = ctx.cache.usage(name);
        log.info(decision.reason);
        await suspendNamespace(ctx, name, {
          actor: 'schedule',
          annotations: decision.annotations,
          beforeFinal: (report) =>
            this.options.notify(
              build.suspended(
                ctx.cache.namespace(name) ?? ns,
                usage,
                'schedule',
                `${name} was suspended by schedule (${decision.reason}): ${report.workloadsChanged} workloads scaled to 0.`,
                nctx,
                report.suspendedAt ?? '',
              ),
            ),
        });
        break;
      }
      case 'resume': {
        log.info(decision.reason);
        const report = await resumeNamespace(ctx, name, {
          actor: 'schedule',
          annotations: decision.annotations,
        });
        this.reportReadiness(name, report.restored, 'schedule', '');
        break;
      }
      case 'mark-woken': {
        const verdict = judgeWake(ns, now);
        log.info({ drift: verdict.report !== null }, decision.reason);
        await this.write(name, { ...decision.annotations, ...verdict.annotations });
        const after = ctx.cache.namespace(name) ?? ns;
        await recordEvent(
          ctx,
          name,
          verdict.report ? 'CurfewDrift' : 'CurfewWoken',
          verdict.report ?? `Woken by hand: ${decision.reason}`,
          verdict.report ? 'Warning' : 'Normal',
        );
        if (verdict.report) this.options.notify(build.drift(after, verdict.report, nctx));
        else {
          this.options.notify(
            build.outcome(
              after,
              'person',
              `${name} was woken by hand: ${decision.reason}. The schedule starts over with reminders.`,
              nctx,
            ),
          );
        }
        break;
      }
      case 'invalid':
        log.warn({ error: decision.error }, decision.reason);
        break;
      default:
        await this.write(name, decision.annotations);
    }
    const next = earliest(decision.nextCheckAt, expiryNext);
    if (next !== null && next <= ctx.clock.now()) {
      this.timers.set(name, null);
      this.touch(name);
    } else this.timers.set(name, next);
    ctx.metrics.timers.set(this.timers.size);
  }

  /**
   * A failing time-bomb action (a Pod the agent may not delete, say) is retried on its own
   * schedule: it must not hold back the namespace's suspend or resume.
   */
  private async timeBombs(name: string, now: number): Promise<number | null> {
    const { ctx } = this.options;
    try {
      return await this.options.timeBombs.reconcile(name);
    } catch (error) {
      ctx.log.error({ err: error, namespace: name }, 'time-bomb action failed; retrying in 30 s');
      ctx.metrics.actions.inc({ action: 'expire', outcome: 'failed' });
      return now + RETRY_AFTER_FAILURE_MS;
    }
  }

  /** Writes only what differs, so a decision repeated on every watch event costs nothing. */
  private async write(name: string, patch: AnnotationPatch): Promise<void> {
    const current = this.options.ctx.cache.namespace(name)?.meta.annotations ?? {};
    const changes = Object.entries(patch).filter(([k, v]) =>
      v === null ? k in current : current[k] !== v,
    );
    if (changes.length === 0) return;
    await patchNamespace(this.options.ctx, name, Object.fromEntries(changes));
  }

  /** After a resume: report "resumed" once the workloads are ready, or which are not. */
  reportReadiness(
    name: string,
    restored: { kind: 'Deployment' | 'StatefulSet'; name: string }[],
    actor: string,
    commandId: string,
    onDone?: (result: Awaited<ReturnType<ReadinessTracker['wait']>>) => void,
  ): void {
    const { ctx, readiness, resumeReadyTimeoutMs, staleAfterMs } = this.options;
    void readiness.wait(name, restored, resumeReadyTimeoutMs).then((result) => {
      const ns = ctx.cache.namespace(name);
      const text = result.ready
        ? `${name} is running again: all ${result.total} workloads ready.`
        : `${name} resumed, but ${result.notReady.length} of ${result.total} workloads are not ready: ${result.notReady.map((w) => `${w.name} (${w.reason})`).join(', ')}.`;
      if (ns) {
        this.options.notify(
          build.resumed(
            ns,
            actor,
            text,
            result.notReady,
            { now: ctx.clock.now(), staleAfterMs },
            commandId,
          ),
        );
      }
      onDone?.(result);
    });
  }
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}
