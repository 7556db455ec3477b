import { ManualClock } from '@curfew/test-support';
import { describe, expect, it } from 'vitest';
import { createLimiter, KeyedMutex, locked } from '../src/actions/index.js';
import { bytes, cpuMillis } from '../src/kube/quantity.js';
import { TimerQueue } from '../src/scheduler/timer-queue.js';
import { FakeCluster } from './support/fake-cluster.js';
import { actionEnv, fakeContext } from './support/fake-context.js';

describe('the timer queue', () => {
  it('arms one clock timer for many namespaces and fires each exactly when due', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    const queue = new TimerQueue(clock, (keys) =>
      fired.push(...keys.map((k) => `${k}@${clock.now()}`)),
    );
    for (let i = 0; i < 100; i += 1) queue.set(`ns-${i}`, 1_000 * (i + 1));
    expect(clock.armed).toBe(1);
    queue.set('ns-0', null);
    await clock.advanceTo(2_500);
    expect(fired).toEqual(['ns-1@2000']);
    expect(clock.armed).toBe(1);
    queue.set('ns-5', 2_600);
    await clock.advanceTo(3_000);
    expect(fired).toEqual(['ns-1@2000', 'ns-5@2600', 'ns-2@3000']);
  });
});

describe('the per-namespace lock', () => {
  it('serialises work on one namespace and lets other namespaces run alongside', async () => {
    const locks = new KeyedMutex();
    const order: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first = locks.run('a', async () => {
      order.push('a1 start');
      await gate;
      order.push('a1 end');
    });
    const second = locks.run('a', async () => {
      order.push('a2');
    });
    await locks.run('b', async () => {
      order.push('b');
    });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('an action whose caller says it holds the lock runs at once instead of waiting for itself', async () => {
    const { env } = actionEnv(await fakeContext(new FakeCluster()));
    const inner = await locked(env, 'a', (held) => locked(held, 'a', async () => 'inner ran'));
    expect(inner).toBe('inner ran');
  });

  it('work an action leaves running after it returns holds nothing, and queues like anyone else', async () => {
    const { env } = actionEnv(await fakeContext(new FakeCluster()));
    const order: string[] = [];
    let later: Promise<void> = Promise.resolve();
    await locked(env, 'a', async () => {
      // A detached callback (a watch event, a timer) uses the plain environment.
      later = new Promise<void>((r) => setTimeout(r, 5)).then(() =>
        locked(env, 'a', async () => {
          order.push('late callback');
        }),
      );
    });
    const blocker = locked(env, 'a', async () => {
      order.push('blocker start');
      await new Promise((r) => setTimeout(r, 20));
      order.push('blocker end');
    });
    await Promise.all([later, blocker]);
    expect(order).toEqual(['blocker start', 'blocker end', 'late callback']);
  });
});

describe('the concurrency limiter', () => {
  it('never runs more than its limit at once', async () => {
    const limiter = createLimiter(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 1));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});

describe('resource quantities', () => {
  it.each([
    { name: 'millicores', text: '250m', cpu: 250 },
    { name: 'whole cores', text: '2', cpu: 2000 },
    { name: 'fractional cores', text: '0.5', cpu: 500 },
  ])('CPU in $name', ({ text, cpu }) => {
    expect(cpuMillis(text)).toBe(cpu);
  });

  it.each([
    { name: 'binary suffixes', text: '128Mi', value: 128 * 2 ** 20 },
    { name: 'decimal suffixes', text: '1G', value: 1e9 },
    { name: 'exponents', text: '1e3', value: 1000 },
    { name: 'garbage as zero rather than a crash', text: 'lots', value: 0 },
  ])('memory with $name', ({ text, value }) => {
    expect(bytes(text)).toBe(value);
  });
});
