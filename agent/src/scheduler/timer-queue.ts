import type { Clock } from '@curfew/core';

/**
 * One timer for every namespace: a due time per key and a single clock timer armed for the
 * earliest. The agent wakes exactly when the next decision is due — no per-second polling,
 * and 1,000 namespaces cost one pending timer, not 1,000.
 */
export class TimerQueue {
  private readonly due = new Map<string, number>();
  private cancel: (() => void) | undefined;
  private armedAt: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly fire: (keys: string[]) => void,
  ) {}

  /** Sets (or with null, clears) when `key` is next due. */
  set(key: string, at: number | null): void {
    if (at === null) this.due.delete(key);
    else this.due.set(key, at);
    this.rearm();
  }

  get size(): number {
    return this.due.size;
  }

  get(key: string): number | undefined {
    return this.due.get(key);
  }

  clear(): void {
    this.due.clear();
    this.rearm();
  }

  private rearm(): void {
    let earliest: number | undefined;
    for (const at of this.due.values()) if (earliest === undefined || at < earliest) earliest = at;
    if (earliest === this.armedAt) return;
    this.cancel?.();
    this.cancel = undefined;
    this.armedAt = earliest;
    if (earliest === undefined) return;
    this.cancel = this.clock.at(earliest, () => {
      this.cancel = undefined;
      this.armedAt = undefined;
      const now = this.clock.now();
      const keys = [...this.due].filter(([, at]) => at <= now).map(([key]) => key);
      for (const key of keys) this.due.delete(key);
      this.rearm();
      this.fire(keys);
    });
  }
}
