/**
 * Open-loop load: requests leave on a fixed schedule whether or not earlier ones have answered,
 * and latency counts from the scheduled send, so a stall shows up as latency instead of
 * quietly slowing the load down (the closed-loop mistake). Used by the latency benches.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export interface OpenLoopOptions {
  /** Requests per second. */
  rate: number;
  /** How many requests in all. */
  total: number;
}

/** Latencies (ms, sorted ascending) of `total` calls of `send(i)` sent at `rate` per second. */
export async function openLoop(
  send: (i: number) => Promise<void>,
  { rate, total }: OpenLoopOptions,
): Promise<number[]> {
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 5;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    // Timers fire at whole milliseconds and a wait under 1 ms is not slept, so a request can
    // leave a little before its slot: count from whichever is later, never a negative latency.
    const from = Math.max(due, performance.now());
    inFlight.push(send(i).then(() => void latencies.push(performance.now() - from)));
  }
  await Promise.all(inFlight);
  return latencies.sort((a, b) => a - b);
}

/** The p-th percentile (0–100) of ascending `sorted`; 0 for none. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
