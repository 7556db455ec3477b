import { type ClusterPolicy, decideNamespace, hasDrift } from '@curfew/core';
import {
  type ActionEnv,
  locked,
  recover,
  remind,
  resume,
  suspend,
  wake,
  writeNamespace,
} from '../actions/index.js';
import { observe } from '../kube/observe.js';
import type { TimeBombs } from './time-bombs.js';
import { TimerQueue } from './timer-queue.js';

const RETRY_AFTER_FAILURE_MS = 30_000;

export interface ReconcilerOptions {
  env: ActionEnv;
  /** Time bombs of the namespace's workloads and Pods, decided with the namespace. */
  timeBombs: TimeBombs;
}

/**
 * Decision → action. A namespace is decided again when the informers report a change to it or
 * its workloads, and when its `nextCheckAt` comes (one timer queue for all namespaces). Each
 * reconcile holds the namespace's lock from the decision to the end of the action it calls (the
 * action's own lock re-enters), so a hub command never slips in between. Only the leader's
 * reconciler is active.
 */
export class Reconciler {
  private readonly timers: TimerQueue;
  private readonly pending = new Set<string>();
  private flushScheduled = false;
  private active = false;
  private readonly inflight = new Set<Promise<void>>();
  private readonly queued = new Set<string>();
  /** Namespaces whose last reconcile failed: not decided again before this instant. */
  private readonly backoff = new Map<string, number>();
  /** The same for the namespace's time bombs (which fail alone: the schedule goes on). */
  private readonly timeBombBackoff = new Map<string, number>();

  private readonly env: ActionEnv;
  private readonly policy: ClusterPolicy;

  constructor(private readonly options: ReconcilerOptions) {
    this.env = options.env;
    this.policy = options.env.policy;
    this.timers = new TimerQueue(options.env.ctx.clock, (keys) => {
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
    for (const name of this.env.ctx.cache.namespaces.keys()) this.touch(name);
  }

  async stop(): Promise<void> {
    this.active = false;
    this.timers.clear();
    this.pending.clear();
    this.backoff.clear();
    this.timeBombBackoff.clear();
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
        const run = locked(this.env, name, (env) => {
          this.queued.delete(name);
          return this.reconcile(name, env);
        }).catch((error) => this.failed(name, error));
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
    const { ctx } = this.env;
    ctx.log.error({ err: error, namespace: name }, 'reconcile failed; retrying in 30 s');
    ctx.metrics.actions.inc({ action: 'reconcile', outcome: 'failed' });
    if (!this.active) return;
    const retryAt = ctx.clock.now() + RETRY_AFTER_FAILURE_MS;
    // Until then the namespace waits, whatever wakes it: the failed action's own writes (its
    // `suspending` mark, say) come back as changes and would otherwise retry it at once.
    this.backoff.set(name, retryAt);
    this.timers.set(name, retryAt);
  }

  /** Resolves once nothing is queued or running (tests and shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.inflight.size === 0 && this.pending.size === 0 && !this.flushScheduled) return;
      await Promise.all([...this.inflight]);
    }
  }

  /** Decides and acts on one namespace; `env` holds the namespace's lock. */
  private async reconcile(name: string, env: ActionEnv): Promise<void> {
    if (!this.active) return;
    const { policy } = this;
    const { ctx } = env;
    const retryAt = this.backoff.get(name);
    if (retryAt !== undefined) {
      if (retryAt > ctx.clock.now()) return;
      this.backoff.delete(name);
    }
    if (!ctx.cache.namespace(name)) {
      this.timers.set(name, null);
      return;
    }
    // An action a previous agent (or this one) started and did not finish, and notifications it
    // still owes: finish them first, then decide afresh.
    if (await recover(env, name)) {
      this.touch(name);
      return;
    }
    const now = ctx.clock.now();
    // Time bombs first: they are per workload and hold whatever the namespace's schedule
    // does; their next due time shares this namespace's one timer.
    const expiryNext = await this.timeBombs(env, name, now);
    const ns = ctx.cache.namespace(name);
    const obs = observe(ctx.cache, name);
    if (!ns || !obs) {
      this.timers.set(name, null);
      return;
    }
    const decision = decideNamespace(obs, policy, now);
    const log = ctx.log.child({ namespace: name, decision: decision.kind });
    switch (decision.kind) {
      case 'remind':
        if (hasDrift(ns.meta.annotations)) break;
        log.info(
          { offset: decision.offsetMinutes, shutdownAt: decision.shutdownAt },
          decision.reason,
        );
        await remind(env, name, decision);
        break;
      case 'suspend':
        if (hasDrift(ns.meta.annotations)) {
          log.debug('suspend skipped: drift reported, not fighting it');
          this.timers.set(name, expiryNext);
          return;
        }
        log.info(decision.reason);
        await suspend(
          env,
          name,
          { kind: 'schedule', reason: decision.reason },
          decision.annotations,
        );
        break;
      case 'resume': {
        log.info(decision.reason);
        // The readiness report is the resume's own business (owed in the outbox until sent).
        await resume(
          env,
          name,
          { kind: 'schedule', reason: decision.reason },
          {
            scheduled: decision.annotations,
          },
        );
        break;
      }
      case 'mark-woken':
        log.info(decision.reason);
        await wake(env, name, decision);
        break;
      case 'invalid':
        log.warn({ error: decision.error }, decision.reason);
        break;
      default:
        // The schedule's bookkeeping; writes nothing when nothing differs.
        await writeNamespace(ctx, name, decision.annotations);
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
  private async timeBombs(env: ActionEnv, name: string, now: number): Promise<number | null> {
    const { ctx } = env;
    // Like a failed reconcile: the failed time-bomb action's own writes must not retry it at once.
    const retryAt = this.timeBombBackoff.get(name);
    if (retryAt !== undefined && retryAt > now) return retryAt;
    this.timeBombBackoff.delete(name);
    try {
      return await this.options.timeBombs.reconcile(env, name);
    } catch (error) {
      ctx.log.error({ err: error, namespace: name }, 'time-bomb action failed; retrying in 30 s');
      ctx.metrics.actions.inc({ action: 'expire', outcome: 'failed' });
      this.timeBombBackoff.set(name, now + RETRY_AFTER_FAILURE_MS);
      return now + RETRY_AFTER_FAILURE_MS;
    }
  }
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}
