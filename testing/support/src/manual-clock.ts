import type { Clock } from '@curfew/core';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when the test says so: `at()` timers fire in time order as
 * `advanceTo()` passes them, letting the async work each one starts settle before moving on.
 * The one `Clock` shape (@curfew/core), so it drops in wherever the hub or the agent takes one.
 */
export class ManualClock implements Clock {
  private pending: Pending[] = [];
  private seq = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  at(at: number, fn: () => void): () => void {
    const entry: Pending = { at, seq: this.seq++, fn };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((p) => p !== entry);
    };
  }

  /** Number of armed timers: a polling loop would show up here. */
  get armed(): number {
    return this.pending.length;
  }

  nextAt(): number | undefined {
    return this.pending.reduce<number | undefined>(
      (min, p) => (min === undefined || p.at < min ? p.at : min),
      undefined,
    );
  }

  /**
   * Moves time forward to `target`, firing due timers in order and letting the async work
   * they start (I/O against fakes or loopback servers) settle before moving further.
   */
  async advanceTo(target: number, settle: () => Promise<void> = flush): Promise<void> {
    for (;;) {
      const due = this.pending
        .filter((p) => p.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
      await settle();
    }
    this.current = Math.max(this.current, target);
    await settle();
  }

  advance(ms: number, settle?: () => Promise<void>): Promise<void> {
    return this.advanceTo(this.current + ms, settle);
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
