/**
 * Time as a dependency: the ONE clock shape the hub and the agent pass around (the pure rules
 * here never read a clock: they take `now`). Production uses `systemClock`; tests drive a
 * ManualClock (`@curfew/test-support`) so a whole business day of reminders and suspends runs in
 * milliseconds. The hub only reads `now()`; the agent also arms timers with `at()`.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once when `now()` reaches `at` (epoch ms). Returns a cancel function. */
  at(at: number, fn: () => void): () => void;
}

// setTimeout's delay is a signed 32-bit number of ms (~24.8 days); longer waits re-arm.
const MAX_DELAY = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const delay = at - Date.now();
      if (delay > MAX_DELAY) timer = setTimeout(arm, MAX_DELAY);
      else timer = setTimeout(fn, Math.max(0, delay));
      timer.unref?.();
    };
    arm();
    return () => clearTimeout(timer);
  },
};
