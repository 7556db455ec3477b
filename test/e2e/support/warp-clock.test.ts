import { afterEach, describe, expect, it } from 'vitest';
import { WarpClock } from './warp-clock.js';

const cancels: (() => void)[] = [];
afterEach(() => {
  for (const cancel of cancels.splice(0)) cancel();
});

const noSettle = async () => {};

describe('the agents’ WarpClock', () => {
  it('fires the timers a jump passes, in time order, each at its own time', async () => {
    const clock = new WarpClock();
    const start = clock.now();
    const fired: [string, number][] = [];
    cancels.push(clock.at(start + 3 * 60_000, () => fired.push(['shutdown', clock.now()])));
    cancels.push(clock.at(start + 60_000, () => fired.push(['reminder', clock.now()])));
    cancels.push(clock.at(start + 10 * 60_000, () => fired.push(['later', clock.now()])));
    await clock.warpTo(start + 5 * 60_000, noSettle);
    expect(fired.map(([name]) => name)).toEqual(['reminder', 'shutdown']);
    expect(fired[0]?.[1]).toBeGreaterThanOrEqual(start + 60_000);
    expect(fired[0]?.[1]).toBeLessThan(start + 3 * 60_000);
    expect(clock.now()).toBeGreaterThanOrEqual(start + 5 * 60_000);
  });

  it('keeps running in real time between jumps', async () => {
    const clock = new WarpClock();
    await clock.warpTo(clock.now() + 3_600_000, noSettle);
    // Read once: a millisecond may pass between two reads, and the timer is due at this one.
    const before = clock.now();
    const fired = new Promise<number>((resolve) => {
      cancels.push(clock.at(before + 50, () => resolve(clock.now())));
    });
    expect(await fired).toBeGreaterThanOrEqual(before + 50);
  });

  it('never fires a cancelled timer, not even when a jump passes it', async () => {
    const clock = new WarpClock();
    let fired = false;
    const cancel = clock.at(clock.now() + 1_000, () => {
      fired = true;
    });
    cancel();
    await clock.warpTo(clock.now() + 2_000, noSettle);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toBe(false);
  });
});
