/**
 * The agents' clock in the end-to-end tests: real time plus an offset that only grows.
 *
 * The hubs are separate processes on real time, and the agents talk to them over real
 * gRPC: heartbeats, reconnect back-off and readiness waits must keep running while a test
 * waits for Slack or Redis. A pure ManualClock would freeze them. Jumping the offset moves
 * the agents straight to "3 minutes before shutdown" instead of waiting for it, firing the
 * timers that fall due in between in order, exactly once.
 */
import type { Clock } from '@curfew/core';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  handle: NodeJS.Timeout | undefined;
}

// setTimeout's delay is a signed 32-bit number of ms; longer waits re-arm.
const MAX_DELAY = 2 ** 31 - 1;

export class WarpClock implements Clock {
  private offset = 0;
  private seq = 0;
  private readonly timers = new Set<Timer>();

  /** Starts at real time, or at `start` (which must not be earlier than now). */
  constructor(start?: number) {
    if (start !== undefined) this.offset = Math.max(0, start - Date.now());
  }

  now(): number {
    return Date.now() + this.offset;
  }

  at(at: number, fn: () => void): () => void {
    const timer: Timer = { at, seq: this.seq++, fn, handle: undefined };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      clearTimeout(timer.handle);
      this.timers.delete(timer);
    };
  }

  private arm(timer: Timer): void {
    clearTimeout(timer.handle);
    const delay = timer.at - this.now();
    timer.handle = setTimeout(
      () => {
        if (timer.at > this.now()) return this.arm(timer);
        this.timers.delete(timer);
        timer.fn();
      },
      Math.min(MAX_DELAY, Math.max(0, delay)),
    );
    timer.handle.unref();
  }

  /**
   * Jumps to `target`, running every timer due on the way at its own time (so a reminder
   * fires before the shutdown after it), and `settle` after each so the agent's work and
   * its messages to the hub happen in that order too.
   */
  async warpTo(target: number, settle: () => Promise<void>): Promise<void> {
    for (;;) {
      const due = [...this.timers]
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      clearTimeout(due.handle);
      this.timers.delete(due);
      this.offset = Math.max(this.offset, due.at - Date.now());
      due.fn();
      await settle();
    }
    this.offset = Math.max(this.offset, target - Date.now());
    for (const timer of this.timers) this.arm(timer);
    await settle();
  }
}
