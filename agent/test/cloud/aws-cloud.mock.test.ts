/**
 * The flows through the SDK, with aws-sdk-client-mock standing in for AWS at the client's
 * `send`: which commands, with which inputs, in which order (pagination tokens), and how the
 * SDK's own exception classes map to CloudError kinds. The HTTP side is aws-wire.test.ts.
 */
import {
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  DBClusterNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  InvalidDBClusterStateFault,
  InvalidDBInstanceStateFault,
  RDSClient,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsCloud } from '../../src/cloud/aws-cloud.js';
import { TEST_CREDENTIALS } from '../support/cloud-drivers.js';

const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const NS = 'curfew.dev/namespace';
const meta = { $metadata: { httpStatusCode: 400 } };

/** Paginators reuse one input object, so each call's input is copied as it is sent. */
function answers<T>(sent: Record<string, unknown>[], responses: readonly T[]) {
  let next = 0;
  return (input: object): T => {
    sent.push({ ...input });
    const response = responses[Math.min(next, responses.length - 1)] as T;
    next += 1;
    return response;
  };
}

let cloud: AwsCloud;
beforeEach(() => {
  ec2.reset();
  rds.reset();
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  cloud = new AwsCloud({
    regions: ['eu-west-1', 'eu-central-1'],
    tagKeys: { namespace: NS },
    clusterId: 'dev-eu',
    maxAttempts: 5,
    credentials: TEST_CREDENTIALS,
  });
});
afterEach(() => cloud.close());

describe('discovery', () => {
  it('walks DescribeInstances page by page, passing each NextToken on', async () => {
    const sent: Record<string, unknown>[] = [];
    ec2.on(DescribeInstancesCommand).callsFake(
      answers(sent, [
        {
          Reservations: [
            {
              Instances: [
                { InstanceId: 'i-1', State: { Name: 'running' }, Tags: [{ Key: NS, Value: 'a' }] },
              ],
            },
          ],
          NextToken: 'page-2',
        },
        {
          Reservations: [
            {
              Instances: [
                { InstanceId: 'i-2', State: { Name: 'stopped' }, Tags: [{ Key: NS, Value: 'b' }] },
              ],
            },
          ],
        },
      ]),
    );
    const found = await cloud.discover('eu-west-1');
    expect(found.map((r) => [r.id, r.namespace, r.state])).toEqual([
      ['i-1', 'a', 'running'],
      ['i-2', 'b', 'stopped'],
    ]);
    expect(sent.map((input) => input.NextToken)).toEqual([undefined, 'page-2']);
    expect(sent[0]).toMatchObject({
      MaxResults: 1000,
      Filters: [{ Name: 'tag-key', Values: [NS] }],
    });
  });

  it('walks DescribeDBInstances and DescribeDBClusters by Marker and folds a tagged cluster’s members into it', async () => {
    const sent: Record<string, unknown>[] = [];
    rds.on(DescribeDBInstancesCommand).callsFake(
      answers(sent, [
        {
          DBInstances: [
            {
              DBInstanceIdentifier: 'aurora-1',
              DBClusterIdentifier: 'aurora',
              DBInstanceClass: 'db.r6g.large',
              DBInstanceStatus: 'available',
              TagList: [{ Key: NS, Value: 'a' }],
            },
          ],
          Marker: 'm1',
        },
        {
          DBInstances: [
            {
              DBInstanceIdentifier: 'aurora-2',
              DBClusterIdentifier: 'aurora',
              DBInstanceClass: 'db.r6g.xlarge',
              DBInstanceStatus: 'available',
            },
          ],
        },
      ]),
    );
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'aurora',
          Status: 'available',
          Engine: 'aurora-mysql',
          EngineMode: 'provisioned',
          DBClusterMembers: [
            { DBInstanceIdentifier: 'aurora-1' },
            { DBInstanceIdentifier: 'aurora-2' },
          ],
          TagList: [{ Key: NS, Value: 'a' }],
        },
      ],
    });
    const found = await cloud.discover('eu-west-1');
    expect(found).toEqual([
      {
        kind: 'rds-cluster',
        region: 'eu-west-1',
        id: 'aurora',
        state: 'available',
        namespace: 'a',
        engine: 'aurora-mysql',
        engineMode: 'provisioned',
        memberSizes: ['db.r6g.large', 'db.r6g.xlarge'],
      },
    ]);
    expect(sent).toEqual([{ MaxRecords: 100 }, { MaxRecords: 100, Marker: 'm1' }]);
  });

  it('a region’s clients are configured for that region with adaptive retry', async () => {
    await cloud.discover('eu-central-1');
    const client = ec2.send.getCall(0).thisValue as EC2Client;
    expect(await client.config.region()).toBe('eu-central-1');
    expect(client.config.retryMode).toBe('adaptive');
    expect(await client.config.maxAttempts()).toBe(5);
    const dbClient = rds.send.getCall(0).thisValue as RDSClient;
    expect(await dbClient.config.region()).toBe('eu-central-1');
    expect(dbClient.config.retryMode).toBe('adaptive');
  });

  it('a failing lookup names the call and the region', async () => {
    rds.on(DescribeDBClustersCommand).rejects(
      new EC2ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        ...meta,
        message: 'not authorized to perform rds:DescribeDBClusters',
      }),
    );
    await expect(cloud.discover('eu-west-1')).rejects.toMatchObject({
      kind: 'denied',
      message: expect.stringMatching(/^DescribeDBClusters in eu-west-1: AccessDenied/),
    });
  });
});

describe('stop and start', () => {
  it('an EC2 instance is stopped and started by id, one per call', async () => {
    ec2
      .on(StopInstancesCommand)
      .resolves({ StoppingInstances: [{ InstanceId: 'i-1', CurrentState: { Name: 'stopping' } }] });
    ec2
      .on(StartInstancesCommand)
      .resolves({ StartingInstances: [{ InstanceId: 'i-1', CurrentState: { Name: 'pending' } }] });
    expect(await cloud.stop({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' })).toBe('stopping');
    expect(await cloud.start({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' })).toBe('pending');
    expect(ec2.commandCalls(StopInstancesCommand)[0]?.args[0].input).toEqual({
      InstanceIds: ['i-1'],
    });
  });

  it('a DB instance uses StopDBInstance/StartDBInstance, a DB cluster StopDBCluster/StartDBCluster', async () => {
    rds.on(StopDBInstanceCommand).resolves({ DBInstance: { DBInstanceStatus: 'stopping' } });
    rds.on(StartDBInstanceCommand).resolves({ DBInstance: { DBInstanceStatus: 'starting' } });
    rds.on(StopDBClusterCommand).resolves({ DBCluster: { Status: 'stopping' } });
    rds.on(StartDBClusterCommand).resolves({ DBCluster: { Status: 'starting' } });
    expect(await cloud.stop({ kind: 'rds', region: 'eu-west-1', id: 'db' })).toBe('stopping');
    expect(await cloud.start({ kind: 'rds', region: 'eu-west-1', id: 'db' })).toBe('starting');
    expect(await cloud.stop({ kind: 'rds-cluster', region: 'eu-west-1', id: 'c' })).toBe(
      'stopping',
    );
    expect(await cloud.start({ kind: 'rds-cluster', region: 'eu-west-1', id: 'c' })).toBe(
      'starting',
    );
    expect(rds.commandCalls(StopDBInstanceCommand)[0]?.args[0].input).toEqual({
      DBInstanceIdentifier: 'db',
    });
    expect(rds.commandCalls(StopDBClusterCommand)[0]?.args[0].input).toEqual({
      DBClusterIdentifier: 'c',
    });
    expect(rds.commandCalls(StopDBInstanceCommand)).toHaveLength(1);
  });

  it.each([
    {
      name: 'InvalidDBInstanceStateFault is a wrong state',
      error: new InvalidDBInstanceStateFault({ message: 'not available', ...meta }),
      kind: 'wrong-state',
      op: StopDBInstanceCommand,
      ref: 'rds',
    },
    {
      name: 'InvalidDBClusterStateFault is a wrong state',
      error: new InvalidDBClusterStateFault({ message: 'not available', ...meta }),
      kind: 'wrong-state',
      op: StopDBClusterCommand,
      ref: 'rds-cluster',
    },
    {
      name: 'DBInstanceNotFoundFault is not found',
      error: new DBInstanceNotFoundFault({
        message: 'no such',
        $metadata: { httpStatusCode: 404 },
      }),
      kind: 'not-found',
      op: StopDBInstanceCommand,
      ref: 'rds',
    },
    {
      name: 'DBClusterNotFoundFault is not found',
      error: new DBClusterNotFoundFault({ message: 'no such', $metadata: { httpStatusCode: 404 } }),
      kind: 'not-found',
      op: StopDBClusterCommand,
      ref: 'rds-cluster',
    },
    {
      name: 'a connection refused is unavailable',
      error: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
        name: 'Error',
        code: 'ECONNREFUSED',
      }),
      kind: 'unavailable',
      op: StopDBInstanceCommand,
      ref: 'rds',
    },
  ] as const)('$name', async ({ error, kind, op, ref }) => {
    if (op === StopDBClusterCommand) rds.on(StopDBClusterCommand).rejects(error);
    else rds.on(StopDBInstanceCommand).rejects(error);
    await expect(cloud.stop({ kind: ref, region: 'eu-west-1', id: 'x' })).rejects.toMatchObject({
      kind,
    });
  });

  it.each([
    { code: 'IncorrectInstanceState', kind: 'wrong-state' },
    { code: 'InvalidInstanceID.NotFound', kind: 'not-found' },
    { code: 'UnauthorizedOperation', kind: 'denied' },
    { code: 'UnsupportedOperation', kind: 'refused' },
    { code: 'SomethingNew', kind: 'refused' },
  ])('EC2 error code $code is $kind', async ({ code, kind }) => {
    ec2
      .on(StopInstancesCommand)
      .rejects(new EC2ServiceException({ name: code, $fault: 'client', ...meta, message: code }));
    await expect(cloud.stop({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' })).rejects.toMatchObject(
      { kind, code },
    );
  });

  it('an EC2 5xx the SDK gave up on is unavailable', async () => {
    ec2.on(StopInstancesCommand).rejects(
      new EC2ServiceException({
        name: 'Unavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
        message: 'down',
      }),
    );
    await expect(cloud.stop({ kind: 'ec2', region: 'eu-west-1', id: 'i-1' })).rejects.toMatchObject(
      { kind: 'unavailable' },
    );
  });
});
