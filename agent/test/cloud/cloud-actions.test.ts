/**
 * The cloud steps of suspend and resume, and the sweep, on a fake cluster and a FakeCloud: what is
 * stopped and started, in which order, what is recorded when, and what the owner is told.
 */
import {
  type ActionCause,
  ANNOTATIONS,
  type CloudRef,
  decideNamespace,
  readCloudRecord,
} from '@curfew/core';
import { type Notification, NotificationKind } from '@curfew/proto';
import { ManualClock } from '@curfew/test-support';
import { describe, expect, it } from 'vitest';
import { remind, resume, suspend, sweepCloud, wake } from '../../src/actions/index.js';
import type { CloudEnv } from '../../src/cloud/cloud-env.js';
import { observe } from '../../src/kube/observe.js';
import { driveToEnd, fakeCloudEnv, NS_TAG } from '../support/cloud-setup.js';
import { CloudWorld } from '../support/cloud-world.js';
import { FakeCloud } from '../support/fake-cloud.js';
import { FakeCluster } from '../support/fake-cluster.js';
import { actionEnv, fakeContext, settle, TEST_POLICY } from '../support/fake-context.js';

const T0 = Date.parse('2026-11-23T19:00:00Z');
const DAY = 86_400_000;
const schedule: ActionCause = { kind: 'schedule', reason: 'end of uptime' };
const person: ActionCause = { kind: 'command', commandId: 'c1', actor: 'U1' };
const tagged = { [NS_TAG]: 'team-a' };

/** A FakeCloud that notes, at every stop/start call, what the namespace looked like. */
class Watching extends FakeCloud {
  readonly seen: { call: string; webReplicas: number | undefined; recorded: string }[] = [];
  constructor(
    world: CloudWorld,
    private readonly cluster: FakeCluster,
  ) {
    super(world);
  }
  private note(call: string) {
    this.seen.push({
      call,
      webReplicas: this.cluster.workload('Deployment', 'team-a', 'web')?.replicas,
      recorded:
        this.cluster.namespaces.get('team-a')?.meta.annotations[ANNOTATIONS.cloudStopped] ?? '',
    });
  }
  override async stop(ref: CloudRef) {
    this.note(`stop ${ref.id}`);
    return super.stop(ref);
  }
  override async start(ref: CloudRef) {
    this.note(`start ${ref.id}`);
    return super.start(ref);
  }
}

async function setUp(config: Record<string, unknown> = {}) {
  const cluster = new FakeCluster();
  cluster.addNamespace(
    'team-a',
    { 'curfew.dev/managed': 'true' },
    { [ANNOTATIONS.owner]: 'ana@example.com' },
  );
  cluster.addWorkload('Deployment', 'team-a', 'web', 2);
  const world = new CloudWorld();
  world.addInstance('eu-west-1', 'i-jump', 'running', { ...tagged, Name: 'jump host' });
  world.addInstance('eu-west-1', 'i-off', 'stopped', tagged);
  world.addDatabase('eu-west-1', 'orders', 'available', tagged);
  world.addDatabase('eu-west-1', 'reports', 'available', tagged);
  world.addDatabase('eu-west-1', 'reports-r', 'available', tagged, {
    ReadReplicaSourceDBInstanceIdentifier: 'reports',
  });
  world.addInstance('us-east-1', 'i-other-ns', 'running', { [NS_TAG]: 'team-b' });
  const clock = new ManualClock(T0);
  const ctx = await fakeContext(cluster, clock);
  const api = new Watching(world, cluster);
  const cloud = fakeCloudEnv(world, clock, config, api);
  const { env, sent } = actionEnv(ctx, { cloud });
  const annotations = () => cluster.namespaces.get('team-a')?.meta.annotations ?? {};
  const recorded = () =>
    readCloudRecord(annotations())
      .stopped.map((e) => e.id)
      .sort();
  return { cluster, world, clock, ctx, api, cloud, env, sent, annotations, recorded };
}

const sentOf = (sent: Notification[], kind: NotificationKind) =>
  sent.filter((n) => n.kind === kind);

describe('suspend stops the namespace’s cloud resources', () => {
  it('after the workloads are at 0, recording each before its stop call; a person’s stopped instance and a read replica are left alone', async () => {
    const { world, clock, env, api, sent, recorded } = await setUp();
    const report = await driveToEnd(suspend(env, 'team-a', schedule), clock, () => world.settle());
    expect(api.seen).toEqual([
      {
        call: 'stop i-jump',
        webReplicas: 0,
        recorded: expect.stringContaining('ec2/eu-west-1/i-jump@'),
      },
      {
        call: 'stop orders',
        webReplicas: 0,
        recorded: expect.stringContaining('rds/eu-west-1/orders@'),
      },
    ]);
    expect(recorded()).toEqual(['i-jump', 'orders']);
    expect(world.callsOf('StopInstances', 'i-off')).toEqual([]);
    expect(world.callsOf('StopDBInstance', 'reports-r')).toEqual([]);
    expect(world.state('i-other-ns')).toBe('running');
    expect(report.cloud).toEqual([
      'Stopped: ec2 i-jump "jump host" (eu-west-1), rds orders (eu-west-1).',
      'Already stopped by someone else, left stopped on resume: ec2 i-off (eu-west-1).',
      expect.stringMatching(
        /^Not stopped: rds reports \(eu-west-1\) has read replicas \(reports-r\); AWS cannot stop a database with read replicas/,
      ),
      expect.stringMatching(
        /^Not stopped: rds reports-r \(eu-west-1\) is a read replica of reports/,
      ),
    ]);
    await settle();
    const [suspended] = sentOf(sent, NotificationKind.SUSPENDED);
    expect(suspended?.text).toContain(
      'Stopped: ec2 i-jump "jump host" (eu-west-1), rds orders (eu-west-1).',
    );
    expect(suspended?.cloudResources.map((r) => [r.id, r.stoppedByCurfew])).toEqual([
      ['i-jump', true],
      ['orders', true],
    ]);
  });

  it('a pending instance is recorded at once and stopped when it runs', async () => {
    const { world, clock, env, recorded } = await setUp();
    world.setState('i-jump', 'pending');
    let polls = 0;
    await driveToEnd(suspend(env, 'team-a', schedule), clock, () => {
      polls += 1;
      expect(recorded()).toContain('i-jump');
      if (polls === 2) world.setState('i-jump', 'running');
    });
    expect(world.callsOf('StopInstances', 'i-jump')).toHaveLength(1);
    expect(world.state('i-jump')).toBe('stopping');
  });

  it('an instance that never becomes stoppable within the stop timeout is reported and left out of the record', async () => {
    const { world, clock, env, recorded } = await setUp({ stopTimeoutMs: 30_000 });
    world.setState('orders', 'backing-up');
    const report = await driveToEnd(suspend(env, 'team-a', schedule), clock, () => {});
    expect(recorded()).toEqual(['i-jump']);
    expect(report.cloud).toContain(
      'Not stopped: rds orders (eu-west-1) was still "backing-up" after 30s; it was left running.',
    );
    expect(world.callsOf('StopDBInstance', 'orders')).toEqual([]);
  });

  it('AWS refusing a stop is reported, recorded as refused and not asked again when the suspend is finished again', async () => {
    const { world, clock, env, annotations, recorded } = await setUp();
    world.inject('StopDBInstance', {
      code: 'AccessDenied',
      message: 'not authorized to perform rds:StopDBInstance on orders',
      status: 403,
    });
    const report = await driveToEnd(suspend(env, 'team-a', schedule), clock, () => {});
    expect(report.cloud.join(' ')).toMatch(
      /Not stopped: rds orders \(eu-west-1\) was refused by AWS \(Stop rds orders in eu-west-1: AccessDenied: not authorized/,
    );
    expect(recorded()).toEqual(['i-jump']);
    expect(annotations()[ANNOTATIONS.cloudRefused]).toBe('rds/eu-west-1/orders=AccessDenied');
    // A second run of the same suspend (a restarted agent finishing it) asks nothing again.
    await driveToEnd(suspend(env, 'team-a', schedule), clock, () => {});
    expect(world.callsOf('StopDBInstance', 'orders')).toHaveLength(1);
    expect(world.callsOf('StopInstances', 'i-jump')).toHaveLength(1);
  });

  it('a lookup the IAM role does not allow: the suspend completes without the cloud and says what to fix', async () => {
    const { world, clock, env, cluster } = await setUp();
    world.inject(
      'DescribeInstances',
      {
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
        status: 403,
      },
      2,
    );
    const report = await driveToEnd(suspend(env, 'team-a', schedule), clock, () => {});
    expect(cluster.namespaces.get('team-a')?.meta.annotations[ANNOTATIONS.state]).toBe('suspended');
    expect(report.cloud.join(' ')).toMatch(
      /Cloud resources could not be looked up: .*UnauthorizedOperation.* fix the agent's IAM role/,
    );
  });

  it('AWS unavailable: the suspend fails and the namespace stays suspending, for a retry to finish', async () => {
    const { world, clock, env, cluster, recorded } = await setUp();
    world.inject('StopInstances', {
      code: 'RequestLimitExceeded',
      message: 'Request limit exceeded.',
      status: 503,
    });
    await expect(
      driveToEnd(suspend(env, 'team-a', schedule), clock, () => {}),
    ).rejects.toMatchObject({ kind: 'unavailable' });
    expect(cluster.namespaces.get('team-a')?.meta.annotations[ANNOTATIONS.state]).toBe(
      'suspending',
    );
    expect(recorded()).toEqual(['i-jump', 'orders']);
    await driveToEnd(suspend(env, 'team-a', schedule), clock, () => {});
    expect(cluster.namespaces.get('team-a')?.meta.annotations[ANNOTATIONS.state]).toBe('suspended');
    expect(world.state('i-jump')).toBe('stopping');
  });

  it('dry-run: only lookups; nothing recorded, stopped or started; the messages say what would be', async () => {
    const { world, clock, env, sent, annotations } = await setUp({ dryRun: true });
    const report = await driveToEnd(suspend(env, 'team-a', schedule), clock, () => {});
    expect(report.cloud[0]).toBe(
      'Dry run, nothing stopped — would stop: ec2 i-jump "jump host" (eu-west-1), rds orders (eu-west-1).',
    );
    expect(world.calls.every((c) => c.op.startsWith('Describe'))).toBe(true);
    expect(annotations()[ANNOTATIONS.cloudStopped]).toBeUndefined();
    await settle();
    expect(
      sentOf(sent, NotificationKind.SUSPENDED)[0]?.cloudResources.every((r) => !r.stoppedByCurfew),
    ).toBe(true);
    await driveToEnd(resume(env, 'team-a', person), clock, () => {});
    expect(world.calls.every((c) => c.op.startsWith('Describe'))).toBe(true);
  });
});

describe('reminders', () => {
  it('carry the namespace’s cloud resources with their prices, for the cost per day and what stops with it', async () => {
    const { env, sent, cloud } = await setUp();
    await cloud.inventory.refresh();
    await remind(env, 'team-a', {
      kind: 'remind',
      namespace: 'team-a',
      state: 'running',
      reason: 'test',
      shutdownAt: T0 + 15 * 60_000,
      nextCheckAt: null,
      annotations: {},
      offsetMinutes: 15,
      late: false,
    });
    await settle();
    const [reminder] = sentOf(sent, NotificationKind.REMINDER);
    const byId = Object.fromEntries((reminder?.cloudResources ?? []).map((r) => [r.id, r]));
    expect(byId['i-jump']).toMatchObject({ state: 'running', dollarsPerHour: 0.0416, problem: '' });
    expect(byId['reports-r']?.problem).toMatch(/read replica/);
  });
});

describe('resume starts what the suspend stopped', () => {
  async function suspended(config: Record<string, unknown> = {}) {
    const setup = await setUp(config);
    await driveToEnd(suspend(setup.env, 'team-a', schedule), setup.clock, () =>
      setup.world.settle(),
    );
    setup.world.settle();
    setup.api.seen.length = 0;
    return setup;
  }

  it('exactly those, before the workloads, waiting until they run; a person’s stopped instance stays stopped', async () => {
    const { world, clock, env, api, cluster, annotations, sent } = await suspended();
    let polls = 0;
    const resumed = await driveToEnd(resume(env, 'team-a', person), clock, () => {
      polls += 1;
      // The workloads wait for the database.
      expect(cluster.workload('Deployment', 'team-a', 'web')?.replicas).toBe(0);
      if (polls === 2) world.settle();
    });
    expect(api.seen.map((s) => [s.call, s.webReplicas])).toEqual([
      ['start i-jump', 0],
      ['start orders', 0],
    ]);
    expect([world.state('i-jump'), world.state('orders'), world.state('i-off')]).toEqual([
      'running',
      'available',
      'stopped',
    ]);
    expect(cluster.workload('Deployment', 'team-a', 'web')?.replicas).toBe(2);
    expect(annotations()[ANNOTATIONS.cloudStopped]).toBeUndefined();
    expect(resumed.cloudLines).toEqual([
      'Running: ec2 i-jump "jump host" (eu-west-1), rds orders (eu-west-1).',
    ]);
    await resumed.ready;
    const report = sentOf(sent, NotificationKind.RESUMED).at(-1);
    expect(report?.text).toContain(
      'Running: ec2 i-jump "jump host" (eu-west-1), rds orders (eu-west-1).',
    );
  });

  it('the "resumed" message names what is still starting when the start wait ends; the workloads come back anyway', async () => {
    const { world, clock, env, cluster, sent } = await suspended({ startTimeoutMs: 30_000 });
    const resumed = await driveToEnd(resume(env, 'team-a', person), clock, () => {
      world.setState('i-jump', 'running');
    });
    expect(cluster.workload('Deployment', 'team-a', 'web')?.replicas).toBe(2);
    expect(resumed.cloudLines).toEqual([
      'Running: ec2 i-jump "jump host" (eu-west-1).',
      'Still starting (AWS takes minutes): rds orders (eu-west-1) is starting.',
    ]);
    await resumed.ready;
    const report = sentOf(sent, NotificationKind.RESUMED).at(-1);
    expect(report?.text).toMatch(
      /is running again: its 1 workload ready\. Running: ec2 i-jump .* Still starting \(AWS takes minutes\): rds orders \(eu-west-1\) is starting\./,
    );
    expect(report?.cloudResources.map((r) => [r.id, r.state])).toEqual([
      ['i-jump', 'running'],
      ['orders', 'starting'],
    ]);
  });

  it('a database still stopping is waited for and started once stopped, never asked while stopping', async () => {
    const setup = await setUp();
    await driveToEnd(suspend(setup.env, 'team-a', schedule), setup.clock, () => {});
    const { world, clock, env } = setup;
    let polls = 0;
    await driveToEnd(resume(env, 'team-a', person), clock, () => {
      polls += 1;
      if (polls === 2) world.settle(); // stopping → stopped
      if (polls === 4) world.settle(); // starting → available
    });
    expect(world.callsOf('StartDBInstance', 'orders')).toHaveLength(1);
    expect(world.state('orders')).toBe('available');
  });

  it('IncorrectInstanceState from a start is looked at again after a poll, not reported', async () => {
    const { world, clock, env } = await suspended();
    world.inject('StartInstances', {
      code: 'IncorrectInstanceState',
      message: "The instance 'i-jump' is not in a state from which it can be started.",
      status: 400,
    });
    const resumed = await driveToEnd(resume(env, 'team-a', person), clock, () => world.settle());
    expect(world.callsOf('StartInstances', 'i-jump')).toHaveLength(2);
    expect(world.state('i-jump')).toBe('running');
    expect(resumed.cloudLines.join(' ')).not.toMatch(/Not started/);
  });

  it('a recorded instance that was terminated meanwhile is reported, and the record is done with', async () => {
    const { world, clock, env, annotations } = await suspended();
    world.setState('i-jump', 'terminated');
    const resumed = await driveToEnd(resume(env, 'team-a', person), clock, () => world.settle());
    expect(resumed.cloudLines).toContain(
      'Not started: ec2 i-jump (eu-west-1) no longer exists in AWS, or lost its namespace tag.',
    );
    expect(annotations()[ANNOTATIONS.cloudStopped]).toBeUndefined();
  });

  it('AWS refusing a start is reported and the resource stays recorded as Curfew’s for the next resume', async () => {
    const { world, clock, env, recorded } = await suspended();
    world.inject('StartDBInstance', {
      code: 'InvalidParameterCombination',
      message: 'cannot start',
      status: 400,
    });
    const resumed = await driveToEnd(resume(env, 'team-a', person), clock, () => world.settle());
    expect(resumed.cloudLines.join(' ')).toMatch(
      /Not started: rds orders \(eu-west-1\) was refused by AWS/,
    );
    expect(recorded()).toEqual(['orders']);
  });
});

describe('while suspended (the sweep)', () => {
  async function suspendedFor(setupConfig: Record<string, unknown> = {}) {
    const setup = await setUp(setupConfig);
    await driveToEnd(suspend(setup.env, 'team-a', schedule), setup.clock, () =>
      setup.world.settle(),
    );
    setup.world.settle();
    return setup;
  }

  it('RDS starting a database by itself after 7 days: Curfew stops it again and records the new instant', async () => {
    const { world, clock, env, annotations, cloud } = await suspendedFor();
    await clock.advanceTo(T0 + 7 * DAY + 60_000);
    world.setState('orders', 'available'); // AWS's automatic start
    const lines = await sweepCloud(env, 'team-a');
    expect(lines).toEqual([
      'rds orders (eu-west-1) was started by AWS after 7 days stopped; Curfew stopped it again.',
    ]);
    expect(world.callsOf('StopDBInstance', 'orders')).toHaveLength(2);
    const entry = readCloudRecord(annotations()).stopped.find((e) => e.id === 'orders');
    expect(entry?.stoppedAt).toBe(clock.now());
    expect(cloudState(cloud, 'orders')).toBe('stopping');
  });

  it('a database a person started within the 7 days is theirs: released, and resume leaves it as they left it', async () => {
    const { world, clock, env, recorded } = await suspendedFor();
    await clock.advanceTo(T0 + 2 * DAY);
    world.setState('orders', 'available');
    const lines = await sweepCloud(env, 'team-a');
    expect(lines[0]).toMatch(
      /rds orders \(eu-west-1\) was started by someone while team-a was suspended; it is theirs now/,
    );
    expect(recorded()).toEqual(['i-jump']);
    // They stop it again by hand; the resume starts only the jump host.
    world.setState('orders', 'stopped');
    await driveToEnd(resume(env, 'team-a', person), clock, () => world.settle());
    expect(world.state('orders')).toBe('stopped');
    expect(world.state('i-jump')).toBe('running');
  });

  it('a person waking the namespace by hand gets its cloud resources started too, before it is marked running', async () => {
    const { world, clock, env, cluster, ctx, annotations, sent } = await suspendedFor();
    cluster.scaleByHand('Deployment', 'team-a', 'web', 1);
    await settle();
    const obs = observe(ctx.cache, 'team-a');
    if (!obs) throw new Error('namespace not observed');
    const decision = decideNamespace(obs, TEST_POLICY, clock.now());
    expect(decision.kind).toBe('mark-woken');
    if (decision.kind !== 'mark-woken') return;
    await driveToEnd(wake(env, 'team-a', decision), clock, () => {
      expect(annotations()[ANNOTATIONS.state]).toBe('suspended');
      world.settle();
    });
    expect([world.state('i-jump'), world.state('orders'), world.state('i-off')]).toEqual([
      'running',
      'available',
      'stopped',
    ]);
    expect(annotations()[ANNOTATIONS.cloudStopped]).toBeUndefined();
    await settle();
    expect(sentOf(sent, NotificationKind.ACTION_OUTCOME).at(-1)?.text).toMatch(
      /woken by hand.*Running: ec2 i-jump/,
    );
  });

  it('nothing to do for a namespace that is not suspended', async () => {
    const { env } = await setUp();
    expect(await sweepCloud(env, 'team-a')).toEqual([]);
  });
});

function cloudState(cloud: CloudEnv, id: string): string | undefined {
  return cloud.inventory.known('team-a').find((r) => r.id === id)?.state;
}
