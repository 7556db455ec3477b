import { ManualClock } from '@curfew/test-support';
import { describe, expect, it } from 'vitest';
import { LeaseElector } from '../src/leader/lease-elector.js';
import { FakeCluster } from './support/fake-cluster.js';
import { settle, silentLog } from './support/fake-context.js';

function elector(cluster: FakeCluster, clock: ManualClock, identity: string) {
  const events: string[] = [];
  const kube = cluster.connect();
  const e = new LeaseElector({
    kube,
    clock,
    log: silentLog,
    namespace: 'curfew-system',
    name: 'curfew-agent',
    identity,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    onStartedLeading: () => events.push(`${identity} started @${clock.now()}`),
    onStoppedLeading: () => events.push(`${identity} stopped @${clock.now()}`),
  });
  return { e, kube, events };
}

describe('Lease leader election', () => {
  it('exactly one of two replicas leads, and the leader renews every retry period', async () => {
    const cluster = new FakeCluster();
    const clock = new ManualClock(0);
    const a = elector(cluster, clock, 'a');
    const b = elector(cluster, clock, 'b');
    a.e.start();
    await clock.advance(0, settle);
    b.e.start();
    await clock.advance(20_000, settle);
    expect([a.e.isLeader, b.e.isLeader]).toEqual([true, false]);
    const lease = cluster.leases.get('curfew-system/Lease/curfew-agent');
    expect(lease).toMatchObject({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    expect(lease?.renewTime).toBeGreaterThanOrEqual(18_000);
    await a.e.stop(false);
    await b.e.stop(false);
  });

  it('a killed leader is replaced once its lease expires: within one lease duration plus one retry', async () => {
    const cluster = new FakeCluster();
    const clock = new ManualClock(0);
    const a = elector(cluster, clock, 'a');
    const b = elector(cluster, clock, 'b');
    a.e.start();
    await clock.advance(0, settle);
    b.e.start();
    await clock.advance(10_000, settle);
    // kill -9: a's connection dies without releasing.
    a.kube.crashAfterWrites(0);
    a.kube.crashed = true;
    const killedAt = clock.now();
    const lastRenew = cluster.leases.get('curfew-system/Lease/curfew-agent')?.renewTime ?? 0;
    await clock.advance(20_000, settle);
    const started = b.events.find((e) => e.startsWith('b started'));
    const at = Number(started?.split('@')[1]);
    expect(at - lastRenew).toBeGreaterThanOrEqual(15_000);
    expect(at - killedAt).toBeLessThanOrEqual(15_000 + 2_000);
    // The dead leader stepped down by itself at the renew deadline, before b could start.
    const stopped = Number(a.events.find((e) => e.startsWith('a stopped'))?.split('@')[1]);
    expect(stopped).toBeLessThan(at);
    await b.e.stop(false);
  });

  it('on SIGTERM the leader releases the lease and the standby takes over within one retry period', async () => {
    const cluster = new FakeCluster();
    const clock = new ManualClock(0);
    const a = elector(cluster, clock, 'a');
    const b = elector(cluster, clock, 'b');
    a.e.start();
    await clock.advance(0, settle);
    b.e.start();
    await clock.advance(5_000, settle);
    const releasedAt = clock.now();
    await a.e.stop(true);
    await clock.advance(2_000, settle);
    expect(b.e.isLeader).toBe(true);
    const at = Number(b.events[0]?.split('@')[1]);
    expect(at - releasedAt).toBeLessThanOrEqual(2_000);
    expect(cluster.leases.get('curfew-system/Lease/curfew-agent')).toMatchObject({
      holderIdentity: 'b',
      leaseTransitions: 1,
    });
    await b.e.stop(false);
  });

  it('a leader that cannot renew steps down at the renew deadline', async () => {
    const cluster = new FakeCluster();
    const clock = new ManualClock(0);
    const a = elector(cluster, clock, 'a');
    a.e.start();
    await clock.advance(0, settle);
    expect(a.e.isLeader).toBe(true);
    a.kube.failNext('getLease', 503, 100);
    await clock.advance(12_000, settle);
    expect(a.e.isLeader).toBe(false);
    expect(a.events).toEqual(['a started @0', 'a stopped @10000']);
    await a.e.stop(false);
  });
});
