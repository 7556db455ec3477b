import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/common/clock.js';

const START = Date.UTC(2026, 2, 2, 8, 0, 0);
const DAY = 86_400_000;

describe('systemClock (the production Clock of the hub and the agent)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START);
  });
  afterEach(() => vi.useRealTimers());

  it('reads the system time', () => {
    expect(systemClock.now()).toBe(START);
  });

  it('fires an at() timer once when its time comes, not before', () => {
    const fn = vi.fn();
    systemClock.at(START + 60_000, fn);
    vi.advanceTimersByTime(59_999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(DAY);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('fires a time already past on the next turn, never synchronously', () => {
    const fn = vi.fn();
    systemClock.at(START - 1_000, fn);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('never fires a cancelled timer', () => {
    const fn = vi.fn();
    const cancel = systemClock.at(START + 1_000, fn);
    cancel();
    vi.advanceTimersByTime(2_000);
    expect(fn).not.toHaveBeenCalled();
  });

  it('waits past setTimeout’s 24.8-day limit by re-arming, instead of firing at once', () => {
    const fn = vi.fn();
    const cancel = systemClock.at(START + 30 * DAY, fn);
    vi.advanceTimersByTime(25 * DAY);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5 * DAY);
    expect(fn).toHaveBeenCalledTimes(1);
    cancel();
  });

  it('can cancel a long wait after it re-armed', () => {
    const fn = vi.fn();
    const cancel = systemClock.at(START + 30 * DAY, fn);
    vi.advanceTimersByTime(26 * DAY);
    cancel();
    vi.advanceTimersByTime(10 * DAY);
    expect(fn).not.toHaveBeenCalled();
  });
});
