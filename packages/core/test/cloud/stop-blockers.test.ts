import { describe, expect, it } from 'vitest';
import { stopBlocker } from '../../src/cloud/stop-blockers.js';
import { cluster, ec2, rds } from '../support/cloud-fixtures.js';

describe('stopBlocker', () => {
  it.each([
    {
      name: 'a plain EBS-backed EC2 instance can be stopped',
      resource: ec2('i-1', 'running'),
      code: null,
    },
    {
      name: 'an EC2 instance in an Auto Scaling group is not stopped, or the group would replace it',
      resource: ec2('i-1', 'running', { autoScalingGroup: 'workers' }),
      code: 'auto-scaling-group',
    },
    {
      name: 'an instance-store-backed EC2 instance cannot be stopped',
      resource: ec2('i-1', 'running', { instanceStoreRoot: true }),
      code: 'instance-store-root',
    },
    { name: 'a single-AZ database can be stopped', resource: rds('db', 'available'), code: null },
    {
      name: 'a Multi-AZ PostgreSQL database can be stopped',
      resource: rds('db', 'available', { multiAz: true }),
      code: null,
    },
    {
      name: 'a read replica cannot be stopped',
      resource: rds('db-r', 'available', { readReplicaOf: 'db' }),
      code: 'read-replica',
    },
    {
      name: 'a database with read replicas cannot be stopped',
      resource: rds('db', 'available', { readReplicas: ['db-r'] }),
      code: 'has-read-replicas',
    },
    {
      name: 'an empty replica list does not block',
      resource: rds('db', 'available', { readReplicas: [] }),
      code: null,
    },
    {
      name: 'SQL Server in a Multi-AZ configuration cannot be stopped',
      resource: rds('mssql', 'available', { engine: 'sqlserver-se', multiAz: true }),
      code: 'sqlserver-multi-az',
    },
    {
      name: 'single-AZ SQL Server can be stopped',
      resource: rds('mssql', 'available', { engine: 'sqlserver-se' }),
      code: null,
    },
    {
      name: 'a member of an Aurora cluster is stopped with its cluster, never alone',
      resource: rds('aurora-1', 'available', { engine: 'aurora-mysql', clusterOf: 'aurora' }),
      code: 'cluster-member',
    },
    {
      name: 'a provisioned Aurora cluster can be stopped',
      resource: cluster('aurora', 'available'),
      code: null,
    },
    {
      name: 'an Aurora Serverless v1 cluster cannot be stopped',
      resource: cluster('sls', 'available', { engineMode: 'serverless' }),
      code: 'aurora-serverless-v1',
    },
    {
      name: 'a cluster in an Aurora global database cannot be stopped',
      resource: cluster('aurora', 'available', { globalCluster: 'world' }),
      code: 'global-database',
    },
    {
      name: 'a cluster with a cross-Region read replica cannot be stopped',
      resource: cluster('aurora', 'available', {
        readReplicas: ['arn:aws:rds:us-east-1:1:cluster:r'],
      }),
      code: 'has-read-replicas',
    },
    {
      name: 'a cluster that is a read replica cannot be stopped',
      resource: cluster('aurora-r', 'available', { readReplicaOf: 'aurora' }),
      code: 'read-replica',
    },
  ])('$name', ({ resource, code }) => {
    const blocker = stopBlocker(resource);
    expect(blocker?.code ?? null).toBe(code);
    if (blocker) expect(blocker.reason.length).toBeGreaterThan(20);
  });

  it('the reason says what to do', () => {
    expect(stopBlocker(rds('a-1', 'available', { clusterOf: 'a' }))?.reason).toMatch(
      /tag the cluster/,
    );
    expect(stopBlocker(ec2('i-1', 'running', { autoScalingGroup: 'g' }))?.reason).toMatch(
      /scale the group to 0/,
    );
  });
});
