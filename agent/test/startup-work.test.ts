/**
 * `Agent.startupWork()`: when main.ts runs its second GC (observe/collect-garbage.ts). It must
 * wait for the work of taking the lead — a decision on every namespace, the first full snapshot
 * to the hub — also on a replica that is elected only later, or the GC would run before the
 * garbage it is for exists.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../src/agent.js';
import { FakeDriver } from './support/fake-driver.js';
import { at, ManualClock, makeAgent, startHub } from './support/harness.js';
import { team } from './support/team.js';
import { eventually } from './support/test-hub.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const settleWith = (agent: Agent) => async () => {
  await new Promise((r) => setImmediate(r));
  await agent.reconciler.idle();
};

describe('the startup work', () => {
  it('ends once the leader has decided every namespace and sent the hub its full snapshot', async () => {
    const driver = new FakeDriver();
    await team(driver);
    const { hub, address } = await startHub();
    cleanups.push(() => hub.stop());
    const agent = makeAgent(driver.connect(), address, new ManualClock(at('10:00')));
    cleanups.push(() => agent.stop());
    await agent.start();
    await agent.startupWork();
    await eventually(() => hub.snapshots().some((s) => s.full));
    const full = hub.snapshots().find((s) => s.full);
    expect(full?.namespaces.length).toBe(driver.cluster.namespaces.size);
  });

  it('on a standby, waits until it takes the lead', async () => {
    const driver = new FakeDriver();
    await team(driver);
    const { hub, address } = await startHub();
    cleanups.push(() => hub.stop());
    const clock = new ManualClock(at('10:00'));
    const a = makeAgent(driver.connect(), address, clock, {
      leaderElection: true,
      instanceId: 'agent-a',
    });
    const b = makeAgent(driver.connect(), address, clock, {
      leaderElection: true,
      instanceId: 'agent-b',
    });
    cleanups.push(() => b.stop());
    await a.start();
    await clock.advance(0, settleWith(a));
    await eventually(() => a.isLeader);
    await b.start();
    let standbyDone = false;
    void b.startupWork().then(() => {
      standbyDone = true;
    });
    await clock.advance(4_000, settleWith(b));
    expect([a.isLeader, b.isLeader, standbyDone]).toEqual([true, false, false]);
    // SIGTERM on the leader: b takes over on its next retry, and its startup work follows.
    await a.stop();
    await clock.advance(2_000, settleWith(b));
    await eventually(() => b.isLeader);
    await b.startupWork();
    expect(standbyDone).toBe(true);
    expect(hub.hellos().some((h) => h.instanceId === 'agent-b')).toBe(true);
  });
});
