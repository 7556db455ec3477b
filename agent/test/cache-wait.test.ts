/**
 * The one event-driven wait behind "resumed once ready" and "deleted once gone": it ends on the
 * first cache change that reaches the state, or on its own timer, and never polls.
 */
import { ManualClock } from '@curfew/test-support';
import { describe, expect, it } from 'vitest';
import { CacheWaits } from '../src/actions/cache-wait.js';

function world() {
  const clock = new ManualClock(1_000);
  const reachedIn = new Set<string>();
  const waits = new CacheWaits(
    {
      reached: (namespace) => reachedIn.has(namespace),
      report: (namespace, startedAt, deadline) => ({
        namespace,
        reached: reachedIn.has(namespace),
        startedAt,
        deadline,
        at: clock.now(),
      }),
    },
    clock,
  );
  return { clock, reachedIn, waits };
}

describe('a wait on the cluster cache', () => {
  it('ends at once when the namespace already is where the wait is for, and arms no timer after', async () => {
    const { clock, reachedIn, waits } = world();
    reachedIn.add('demo');
    await expect(waits.wait('demo', 5_000)).resolves.toMatchObject({ reached: true, at: 1_000 });
    expect(clock.armed).toBe(0);
  });

  it('ends on the cache change that reaches it, not on changes in other namespaces', async () => {
    const { clock, reachedIn, waits } = world();
    let report: unknown;
    void waits.wait('demo', 5_000).then((r) => {
      report = r;
    });
    reachedIn.add('other');
    waits.check('other');
    waits.check('demo');
    await clock.advanceTo(2_000);
    expect(report).toBeUndefined();
    reachedIn.add('demo');
    waits.check('demo');
    await clock.advanceTo(2_000);
    expect(report).toMatchObject({ namespace: 'demo', reached: true, at: 2_000 });
    expect(clock.armed).toBe(0);
  });

  it('reports when its time is up, measured on the agent clock from when it began', async () => {
    const { clock, waits } = world();
    const pending = waits.wait('demo', 5_000);
    await clock.advanceTo(10_000);
    await expect(pending).resolves.toMatchObject({
      reached: false,
      startedAt: 1_000,
      deadline: 6_000,
      at: 6_000,
    });
  });

  it('ends every wait on the same namespace with one look at the cache', async () => {
    const { clock, reachedIn, waits } = world();
    const both = Promise.all([waits.wait('demo', 5_000), waits.wait('demo', 9_000)]);
    reachedIn.add('demo');
    waits.check('demo');
    const [a, b] = await both;
    expect([a?.deadline, b?.deadline]).toEqual([6_000, 10_000]);
    expect(clock.armed).toBe(0);
  });

  it('abandons every wait with nothing reported when the agent stops', async () => {
    const { clock, waits } = world();
    const pending = [waits.wait('demo', 5_000), waits.wait('web', 5_000)];
    waits.cancelAll();
    await expect(Promise.all(pending)).resolves.toEqual([null, null]);
    expect(clock.armed).toBe(0);
    await clock.advanceTo(10_000);
  });
});
