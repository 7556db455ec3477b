/**
 * The same namespace name on the same schedule in two clusters — as in the local demo, where
 * `demo` exists in dev-eu and dev-us. Each agent builds notification ids unique only within its
 * own cluster, so both send byte-for-byte the same reminder and suspended ids; the hub must
 * still tell the owner about each cluster. (It once de-duplicated on the id alone, and the owner
 * missed one cluster's reminders and its "suspended" message, with nothing logged.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUptime } from '../../scripts/demo/seed.js';
import { ANA, deployment, fixtureFor, ns } from './support/fixtures.js';
import { dms, eventually, replicas, startWorld, type World } from './support/world.js';

const MINUTE = 60_000;
let w: World;
let shutdownAt: number;

beforeAll(async () => {
  const schedule = demoUptime(Date.now(), 30);
  shutdownAt = schedule.endsAt;
  w = await startWorld({
    fixtures: {
      'dev-eu': fixtureFor([ns('demo', ANA, [deployment('web', 2)])]),
      'dev-us': fixtureFor([ns('demo', ANA, [deployment('web', 1)])]),
    },
    uptime: schedule.uptime,
    reminderOffsetsMinutes: [15, 5],
  });
}, 300_000);

afterAll(async () => {
  await w?.close();
});

/** Messages to ana as first posted (reminders are later edited to "closed"). */
function originals(pattern: RegExp): number {
  return dms(w.sim, w.users.ana).filter((m) => {
    const first = m.revisions[0] ?? m;
    return pattern.test(`${first.text}\n${JSON.stringify(first.blocks)}`);
  }).length;
}

describe('one namespace name in two clusters on one schedule', () => {
  it('gets every reminder and the suspended message from each cluster', async () => {
    await w.clock.warpTo(shutdownAt - 15 * MINUTE, w.settle);
    await eventually(() => {
      expect(originals(/demo on dev-eu will be suspended/)).toBe(1);
      expect(originals(/demo on dev-us will be suspended/)).toBe(1);
    });

    await w.clock.warpTo(shutdownAt - 5 * MINUTE, w.settle);
    await eventually(() => {
      expect(originals(/demo on dev-eu will be suspended/)).toBe(2);
      expect(originals(/demo on dev-us will be suspended/)).toBe(2);
    });

    await w.clock.warpTo(shutdownAt, w.settle);
    await eventually(() => {
      expect(replicas(w.clusters['dev-eu'].sim, 'Deployment', 'demo', 'web')).toBe(0);
      expect(replicas(w.clusters['dev-us'].sim, 'Deployment', 'demo', 'web')).toBe(0);
    });
    await eventually(() => {
      expect(originals(/demo on dev-eu was suspended/)).toBe(1);
      expect(originals(/demo on dev-us was suspended/)).toBe(1);
    });
    // Nothing twice: four reminders and two suspended messages in all.
    await w.settle();
    expect(originals(/demo on dev-(eu|us) will be suspended/)).toBe(4);
    expect(originals(/demo on dev-(eu|us) was suspended/)).toBe(2);
  });
});
