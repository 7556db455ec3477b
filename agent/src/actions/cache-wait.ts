import type { Clock } from '@curfew/core';

/** What one kind of wait observes: when it is over, and what it then reports. */
export interface CacheWaitRule<R> {
  /** True when the namespace has reached what the wait is for (checked on every cache change). */
  reached(namespace: string): boolean;
  /**
   * The report, once the namespace reached it or the time ran out. `deadline` is when the time
   * runs out, measured on the agent's own clock from when the wait began.
   */
  report(namespace: string, startedAt: number, deadline: number): R;
}

interface Waiter<R> {
  namespace: string;
  startedAt: number;
  deadline: number;
  resolve: (report: R | null) => void;
  cancel: () => void;
}

/**
 * Waits, event-driven on the informer cache, until a namespace reaches a state or a timeout
 * passes — "resumed" once its workloads are ready, "deleted" once it is gone. No polling: the
 * agent calls `check` on every cache change in a namespace, and one timer per wait ends it.
 *
 * Timeouts run on the agent's own clock from when the wait began, never from a server timestamp:
 * the two clocks may disagree, and a wait resumed by a fresh agent after a restart then still
 * gives Kubernetes the whole time.
 */
export class CacheWaits<R> {
  private readonly waiters = new Set<Waiter<R>>();

  constructor(
    private readonly rule: CacheWaitRule<R>,
    private readonly clock: Clock,
  ) {}

  /** Resolves with the report, or null when the wait was abandoned (agent stopping, leadership lost). */
  wait(namespace: string, timeoutMs: number): Promise<R | null> {
    return new Promise((resolve) => {
      const startedAt = this.clock.now();
      const deadline = startedAt + Math.max(0, timeoutMs);
      const waiter: Waiter<R> = { namespace, startedAt, deadline, resolve, cancel: () => {} };
      waiter.cancel = this.clock.at(deadline, () => this.finish(waiter));
      this.waiters.add(waiter);
      this.check(namespace);
    });
  }

  /** Called on every cache change in `namespace`. */
  check(namespace: string): void {
    let reached: boolean | undefined;
    for (const waiter of this.waiters) {
      if (waiter.namespace !== namespace) continue;
      reached ??= this.rule.reached(namespace);
      if (reached) this.finish(waiter);
    }
  }

  /**
   * Abandons every wait: nothing is reported, and what was owed stays recorded on the namespace
   * for the next agent (or leader) to wait for again.
   */
  cancelAll(): void {
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter.cancel();
      waiter.resolve(null);
    }
  }

  private finish(waiter: Waiter<R>): void {
    if (!this.waiters.delete(waiter)) return;
    waiter.cancel();
    waiter.resolve(this.rule.report(waiter.namespace, waiter.startedAt, waiter.deadline));
  }
}
