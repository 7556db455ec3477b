import { afterEach, describe, expect, it } from 'vitest';
import { isCloudError } from '../../src/cloud/types.js';
import { type CloudUnderTest, cloudDrivers } from '../support/cloud-drivers.js';

const NS = 'curfew.dev/namespace';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe.each(cloudDrivers)('CloudApi contract on the $name', ({ make }) => {
  async function cloud(keys?: Parameters<typeof make>[0]): Promise<CloudUnderTest> {
    const made = await make(keys);
    cleanups.push(made.stop);
    return made;
  }

  it('discovery finds tagged EC2 instances, databases and clusters, with what decides a stop', async () => {
    const { world, api } = await cloud();
    world.addInstance('eu-west-1', 'i-0a', 'running', { [NS]: 'team-a', Name: 'jump host' });
    world.addInstance('eu-west-1', 'i-0b', 'running', { Name: 'untagged' });
    world.addInstance(
      'eu-west-1',
      'i-0c',
      'running',
      { [NS]: 'team-a', 'aws:autoscaling:groupName': 'workers' },
      { RootDeviceType: 'instance-store', InstanceType: 'm5d.large' },
    );
    world.addDatabase('eu-west-1', 'orders', 'available', { [NS]: 'team-a' }, { MultiAZ: true });
    world.addDatabase(
      'eu-west-1',
      'orders-r',
      'available',
      { [NS]: 'team-a' },
      { ReadReplicaSourceDBInstanceIdentifier: 'orders' },
    );
    world.addDatabase(
      'eu-west-1',
      'aurora-1',
      'available',
      { [NS]: 'team-b' },
      {
        DBClusterIdentifier: 'aurora',
        DBInstanceClass: 'db.r6g.large',
        Engine: 'aurora-postgresql',
      },
    );
    world.addCluster('eu-west-1', 'aurora', 'available', { [NS]: 'team-b' }, ['aurora-1'], {
      GlobalClusterIdentifier: 'world',
    });
    world.addInstance('us-east-1', 'i-other-region', 'running', { [NS]: 'team-a' });

    const found = await api.discover('eu-west-1');
    const byId = Object.fromEntries(found.map((r) => [r.id, r]));
    expect(Object.keys(byId).sort()).toEqual(['aurora', 'i-0a', 'i-0c', 'orders', 'orders-r']);
    expect(byId['i-0a']).toEqual({
      kind: 'ec2',
      region: 'eu-west-1',
      id: 'i-0a',
      state: 'running',
      namespace: 'team-a',
      name: 'jump host',
      size: 't3.medium',
    });
    expect(byId['i-0c']).toMatchObject({
      autoScalingGroup: 'workers',
      instanceStoreRoot: true,
      size: 'm5d.large',
    });
    expect(byId.orders).toMatchObject({
      kind: 'rds',
      state: 'available',
      size: 'db.t3.medium',
      engine: 'postgres',
      multiAz: true,
      readReplicas: ['orders-r'],
    });
    expect(byId['orders-r']).toMatchObject({ readReplicaOf: 'orders' });
    // The tagged cluster stands for its member instance, and knows what its members cost.
    expect(byId.aurora).toMatchObject({
      kind: 'rds-cluster',
      namespace: 'team-b',
      engine: 'aurora-postgresql',
      engineMode: 'provisioned',
      globalCluster: 'world',
      memberSizes: ['db.r6g.large'],
    });
    expect((await api.discover('us-east-1')).map((r) => r.id)).toEqual(['i-other-region']);
  });

  it('with a cluster tag configured, resources tagged for another cluster are not this agent’s', async () => {
    const { world, api } = await cloud({ namespace: NS, cluster: 'curfew.dev/cluster' });
    world.addInstance('eu-west-1', 'i-mine', 'running', {
      [NS]: 'a',
      'curfew.dev/cluster': 'test-cluster',
    });
    world.addInstance('eu-west-1', 'i-theirs', 'running', {
      [NS]: 'a',
      'curfew.dev/cluster': 'other',
    });
    world.addInstance('eu-west-1', 'i-untagged-cluster', 'running', { [NS]: 'a' });
    world.addDatabase('eu-west-1', 'db-mine', 'available', {
      [NS]: 'a',
      'curfew.dev/cluster': 'test-cluster',
    });
    world.addDatabase('eu-west-1', 'db-theirs', 'available', {
      [NS]: 'a',
      'curfew.dev/cluster': 'other',
    });
    expect((await api.discover('eu-west-1')).map((r) => r.id).sort()).toEqual([
      'db-mine',
      'i-mine',
    ]);
  });

  it('stop and start answer with the state AWS moved to', async () => {
    const { world, api } = await cloud();
    world.addInstance('eu-west-1', 'i-1', 'running', { [NS]: 'a' });
    world.addDatabase('eu-west-1', 'db', 'available', { [NS]: 'a' });
    world.addCluster('eu-west-1', 'aurora', 'available', { [NS]: 'a' }, []);
    expect(await api.stop({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' })).toBe('stopping');
    expect(await api.stop({ kind: 'rds', region: 'eu-west-1', id: 'db' })).toBe('stopping');
    expect(await api.stop({ kind: 'rds-cluster', region: 'eu-west-1', id: 'aurora' })).toBe(
      'stopping',
    );
    world.settle();
    expect(await api.start({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' })).toBe('pending');
    expect(await api.start({ kind: 'rds', region: 'eu-west-1', id: 'db' })).toBe('starting');
    expect(await api.start({ kind: 'rds-cluster', region: 'eu-west-1', id: 'aurora' })).toBe(
      'starting',
    );
    world.settle();
    expect([world.state('i-1'), world.state('db'), world.state('aurora')]).toEqual([
      'running',
      'available',
      'available',
    ]);
  });

  it('stopping an EC2 instance that is already stopping is harmless, as in EC2', async () => {
    const { world, api } = await cloud();
    world.addInstance('eu-west-1', 'i-1', 'stopping', { [NS]: 'a' });
    expect(await api.stop({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' })).toBe('stopping');
  });

  it.each([
    {
      what: 'starting an EC2 instance that is still stopping',
      kind: 'ec2' as const,
      id: 'i-1',
      state: 'stopping',
      op: 'start' as const,
      code: 'IncorrectInstanceState',
    },
    {
      what: 'stopping a pending EC2 instance',
      kind: 'ec2' as const,
      id: 'i-1',
      state: 'pending',
      op: 'stop' as const,
      code: 'IncorrectInstanceState',
    },
    {
      what: 'stopping a database that is backing up',
      kind: 'rds' as const,
      id: 'db',
      state: 'backing-up',
      op: 'stop' as const,
      code: 'InvalidDBInstanceState',
    },
    {
      what: 'starting a database that is stopping',
      kind: 'rds' as const,
      id: 'db',
      state: 'stopping',
      op: 'start' as const,
      code: 'InvalidDBInstanceState',
    },
    {
      what: 'starting a cluster that is available',
      kind: 'rds-cluster' as const,
      id: 'c',
      state: 'available',
      op: 'start' as const,
      code: 'InvalidDBClusterStateFault',
    },
  ])('$what is a wrong-state error ($code)', async ({ kind, id, state, op, code }) => {
    const { world, api } = await cloud();
    if (kind === 'ec2') world.addInstance('eu-west-1', id, state, { [NS]: 'a' });
    else if (kind === 'rds') world.addDatabase('eu-west-1', id, state, { [NS]: 'a' });
    else world.addCluster('eu-west-1', id, state, { [NS]: 'a' }, []);
    const error = await failure(api[op]({ kind, region: 'eu-west-1', id }));
    expect(isCloudError(error, 'wrong-state')).toBe(true);
    expect((error as Error & { code: string }).code.replace(/Fault$/, '')).toBe(
      code.replace(/Fault$/, ''),
    );
  });

  it.each([
    { what: 'an instance that does not exist', kind: 'ec2' as const },
    { what: 'a database that does not exist', kind: 'rds' as const },
    { what: 'a cluster that does not exist', kind: 'rds-cluster' as const },
  ])('$what is a not-found error', async ({ kind }) => {
    const { api } = await cloud();
    expect(
      isCloudError(await failure(api.stop({ kind, region: 'eu-west-1', id: 'nope' })), 'not-found'),
    ).toBe(true);
  });

  it('an instance-store instance is refused (asking again would fail again)', async () => {
    const { world, api } = await cloud();
    world.addInstance(
      'eu-west-1',
      'i-1',
      'running',
      { [NS]: 'a' },
      { RootDeviceType: 'instance-store' },
    );
    expect(
      isCloudError(
        await failure(api.stop({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' })),
        'refused',
      ),
    ).toBe(true);
  });

  it('a missing IAM permission is a denied error', async () => {
    const { world, api } = await cloud();
    world.addDatabase('eu-west-1', 'db', 'available', { [NS]: 'a' });
    world.inject('StopDBInstance', {
      code: 'AccessDenied',
      message: 'User is not authorized to perform: rds:StopDBInstance',
      status: 403,
    });
    expect(
      isCloudError(
        await failure(api.stop({ kind: 'rds', region: 'eu-west-1', id: 'db' })),
        'denied',
      ),
    ).toBe(true);
  });

  it('a region nobody configured is refused with what to change', async () => {
    const { api } = await cloud();
    const error = await failure(api.stop({ kind: 'ec2', region: 'ap-south-1', id: 'i-1' }));
    expect(isCloudError(error, 'refused')).toBe(true);
    expect((error as Error).message).toMatch(/region ap-south-1 is not configured: add it/);
    expect(isCloudError(await failure(api.discover('ap-south-1')), 'refused')).toBe(true);
  });
});
