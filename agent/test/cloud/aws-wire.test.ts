/**
 * The wire shape: the real SDK clients, their real HTTP serialization and retry, against the
 * loopback EC2/RDS endpoint. What AWS would see and answer, request by request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AwsCloud } from '../../src/cloud/aws-cloud.js';
import { CloudError, isCloudError } from '../../src/cloud/types.js';
import { AwsEndpoint } from '../support/aws-endpoint.js';
import { REGIONS, TEST_CREDENTIALS } from '../support/cloud-drivers.js';
import { CloudWorld, THROTTLE_EC2, THROTTLE_RDS } from '../support/cloud-world.js';

const NS = 'curfew.dev/namespace';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp(options: { cluster?: string; maxAttempts?: number } = {}) {
  const world = new CloudWorld();
  const endpoint = new AwsEndpoint(world);
  const url = await endpoint.start();
  const cloud = new AwsCloud({
    regions: REGIONS,
    tagKeys: { namespace: NS, ...(options.cluster ? { cluster: options.cluster } : {}) },
    clusterId: 'dev-eu',
    maxAttempts: options.maxAttempts ?? 3,
    endpoint: url,
    credentials: TEST_CREDENTIALS,
  });
  cleanups.push(async () => {
    cloud.close();
    await endpoint.stop();
  });
  return { world, endpoint, cloud };
}

describe('EC2 Query protocol', () => {
  it('DescribeInstances filters by tag on AWS’s side and follows nextToken through every page', async () => {
    const { world, endpoint, cloud } = await setUp({ cluster: 'curfew.dev/cluster' });
    for (let i = 0; i < 7; i += 1) {
      world.addInstance('eu-west-1', `i-${i}`, 'running', {
        [NS]: 'team-a',
        'curfew.dev/cluster': 'dev-eu',
      });
    }
    world.addInstance('eu-west-1', 'i-other', 'running', {
      [NS]: 'team-a',
      'curfew.dev/cluster': 'dev-us',
    });
    endpoint.pageLimit = 3;
    const found = await cloud.discover('eu-west-1');
    expect(found.filter((r) => r.kind === 'ec2').map((r) => r.id)).toEqual([
      'i-0',
      'i-1',
      'i-2',
      'i-3',
      'i-4',
      'i-5',
      'i-6',
    ]);
    const pages = endpoint.requests.filter((r) => r.action === 'DescribeInstances');
    expect(pages).toHaveLength(3);
    expect(pages[0]?.params).toMatchObject({
      Action: 'DescribeInstances',
      Version: '2016-11-15',
      MaxResults: '1000',
      'Filter.1.Name': 'tag-key',
      'Filter.1.Value.1': NS,
      'Filter.2.Name': 'tag:curfew.dev/cluster',
      'Filter.2.Value.1': 'dev-eu',
    });
    expect(pages[0]?.params.NextToken).toBeUndefined();
    expect(pages[1]?.params.NextToken).toBeTruthy();
    expect(pages[2]?.params.NextToken).not.toBe(pages[1]?.params.NextToken);
    // SigV4 scope: the region and service AWS routes by.
    expect(pages.every((p) => p.service === 'ec2' && p.region === 'eu-west-1')).toBe(true);
  });

  it('StopInstances names the instance as InstanceId.1 and reads currentState from instancesSet', async () => {
    const { world, endpoint, cloud } = await setUp();
    world.addInstance('us-east-1', 'i-0abc', 'running', { [NS]: 'a' });
    expect(await cloud.stop({ kind: 'ec2', region: 'us-east-1', id: 'i-0abc' })).toBe('stopping');
    const request = endpoint.requests.find((r) => r.action === 'StopInstances');
    expect(request).toMatchObject({
      service: 'ec2',
      region: 'us-east-1',
      params: { 'InstanceId.1': 'i-0abc', Version: '2016-11-15' },
    });
    expect(request?.params['InstanceId.2']).toBeUndefined();
  });

  it('IncorrectInstanceState comes back as a wrong-state error with AWS’s message, not retried', async () => {
    const { world, endpoint, cloud } = await setUp();
    world.addInstance('eu-west-1', 'i-1', 'stopping', { [NS]: 'a' });
    let caught: unknown;
    try {
      await cloud.start({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CloudError);
    expect(caught).toMatchObject({ kind: 'wrong-state', code: 'IncorrectInstanceState' });
    expect((caught as Error).message).toMatch(
      /StartInstances i-1 in eu-west-1: IncorrectInstanceState: The instance 'i-1' is not in a state from which it can be started/,
    );
    expect(endpoint.requests.filter((r) => r.action === 'StartInstances')).toHaveLength(1);
  });

  it('RequestLimitExceeded is retried by the SDK until it passes', async () => {
    const { world, endpoint, cloud } = await setUp();
    world.addInstance('eu-west-1', 'i-1', 'running', { [NS]: 'a' });
    world.inject('DescribeInstances', THROTTLE_EC2, 1);
    expect((await cloud.discover('eu-west-1')).map((r) => r.id)).toEqual(['i-1']);
    expect(endpoint.requests.filter((r) => r.action === 'DescribeInstances')).toHaveLength(2);
  });

  it('throttling past the last attempt is an unavailable error (try later), after exactly maxAttempts', async () => {
    const { world, endpoint, cloud } = await setUp({ maxAttempts: 2 });
    world.addInstance('eu-west-1', 'i-1', 'running', { [NS]: 'a' });
    world.inject('StopInstances', THROTTLE_EC2, 5);
    let caught: unknown;
    try {
      await cloud.stop({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' });
    } catch (error) {
      caught = error;
    }
    expect(isCloudError(caught, 'unavailable')).toBe(true);
    expect(endpoint.requests.filter((r) => r.action === 'StopInstances')).toHaveLength(2);
    expect(world.state('i-1')).toBe('running');
  });
});

describe('RDS Query protocol', () => {
  it('DescribeDBInstances and DescribeDBClusters follow Marker through every page of 100', async () => {
    const { world, endpoint, cloud } = await setUp();
    for (let i = 0; i < 5; i += 1)
      world.addDatabase('eu-west-1', `db-${i}`, 'available', i % 2 === 0 ? { [NS]: 'team-a' } : {});
    for (let i = 0; i < 3; i += 1)
      world.addCluster('eu-west-1', `c-${i}`, 'available', { [NS]: 'team-b' }, []);
    endpoint.pageLimit = 2;
    const found = await cloud.discover('eu-west-1');
    expect(found.map((r) => r.id).sort()).toEqual(['c-0', 'c-1', 'c-2', 'db-0', 'db-2', 'db-4']);
    const instancePages = endpoint.requests.filter((r) => r.action === 'DescribeDBInstances');
    const clusterPages = endpoint.requests.filter((r) => r.action === 'DescribeDBClusters');
    expect(instancePages).toHaveLength(3);
    expect(clusterPages).toHaveLength(2);
    expect(instancePages[0]?.params).toMatchObject({ Version: '2014-10-31', MaxRecords: '100' });
    expect(instancePages[0]?.params.Marker).toBeUndefined();
    expect(instancePages[1]?.params.Marker).toBeTruthy();
    expect(instancePages.every((p) => p.service === 'rds')).toBe(true);
  });

  it('StopDBInstance and StopDBCluster send the identifier and read the new status', async () => {
    const { world, endpoint, cloud } = await setUp();
    world.addDatabase('eu-west-1', 'orders', 'available', { [NS]: 'a' });
    world.addCluster('eu-west-1', 'aurora', 'available', { [NS]: 'a' }, []);
    expect(await cloud.stop({ kind: 'rds', region: 'eu-west-1', id: 'orders' })).toBe('stopping');
    expect(await cloud.stop({ kind: 'rds-cluster', region: 'eu-west-1', id: 'aurora' })).toBe(
      'stopping',
    );
    expect(
      endpoint.requests.find((r) => r.action === 'StopDBInstance')?.params.DBInstanceIdentifier,
    ).toBe('orders');
    expect(
      endpoint.requests.find((r) => r.action === 'StopDBCluster')?.params.DBClusterIdentifier,
    ).toBe('aurora');
  });

  it('InvalidDBInstanceState is a wrong-state error carrying AWS’s message', async () => {
    const { world, cloud } = await setUp();
    world.addDatabase('eu-west-1', 'orders', 'backing-up', { [NS]: 'a' });
    await expect(
      cloud.stop({ kind: 'rds', region: 'eu-west-1', id: 'orders' }),
    ).rejects.toMatchObject({
      kind: 'wrong-state',
      message: expect.stringMatching(/Instance orders is not in available state/),
    });
  });

  it('Throttling is retried by the SDK until it passes', async () => {
    const { world, endpoint, cloud } = await setUp();
    world.addDatabase('eu-west-1', 'orders', 'available', { [NS]: 'a' });
    world.inject('StopDBInstance', THROTTLE_RDS, 1);
    expect(await cloud.stop({ kind: 'rds', region: 'eu-west-1', id: 'orders' })).toBe('stopping');
    expect(endpoint.requests.filter((r) => r.action === 'StopDBInstance')).toHaveLength(2);
  });

  it('a 500 from RDS is retried; a 4xx it does not know is refused without retrying', async () => {
    const { world, endpoint, cloud } = await setUp();
    world.addDatabase('eu-west-1', 'orders', 'available', { [NS]: 'a' });
    world.inject('StopDBInstance', { code: 'InternalFailure', message: 'oops', status: 500 }, 1);
    expect(await cloud.stop({ kind: 'rds', region: 'eu-west-1', id: 'orders' })).toBe('stopping');
    world.settle();
    world.inject(
      'StartDBInstance',
      {
        code: 'InvalidParameterCombination',
        message: 'not supported for this engine',
        status: 400,
      },
      1,
    );
    await expect(
      cloud.start({ kind: 'rds', region: 'eu-west-1', id: 'orders' }),
    ).rejects.toMatchObject({ kind: 'refused', code: 'InvalidParameterCombination' });
    expect(endpoint.requests.filter((r) => r.action === 'StopDBInstance')).toHaveLength(2);
    expect(endpoint.requests.filter((r) => r.action === 'StartDBInstance')).toHaveLength(1);
  });
});
