import { describe, expect, it } from 'vitest';
import { cloudKey, cloudLabel, cloudPhase, sameCloudRef } from '../../src/cloud/cloud-resource.js';
import { ec2, rds } from '../support/cloud-fixtures.js';

describe('cloudPhase', () => {
  it.each([
    {
      name: 'a pending EC2 instance is starting',
      kind: 'ec2',
      state: 'pending',
      phase: 'starting',
    },
    { name: 'a running EC2 instance is running', kind: 'ec2', state: 'running', phase: 'running' },
    {
      name: 'a stopping EC2 instance is stopping',
      kind: 'ec2',
      state: 'stopping',
      phase: 'stopping',
    },
    { name: 'a stopped EC2 instance is stopped', kind: 'ec2', state: 'stopped', phase: 'stopped' },
    { name: 'a terminated EC2 instance is gone', kind: 'ec2', state: 'terminated', phase: 'gone' },
    {
      name: 'an EC2 instance shutting down is gone',
      kind: 'ec2',
      state: 'shutting-down',
      phase: 'gone',
    },
    {
      name: 'an EC2 state AWS may add later means wait',
      kind: 'ec2',
      state: 'hibernating',
      phase: 'busy',
    },
    { name: 'an available database is running', kind: 'rds', state: 'available', phase: 'running' },
    { name: 'a database being backed up is busy', kind: 'rds', state: 'backing-up', phase: 'busy' },
    { name: 'a database being modified is busy', kind: 'rds', state: 'modifying', phase: 'busy' },
    { name: 'a failed database is broken', kind: 'rds', state: 'failed', phase: 'broken' },
    {
      name: 'a database with incompatible parameters is broken',
      kind: 'rds',
      state: 'incompatible-parameters',
      phase: 'broken',
    },
    { name: 'a database being deleted is gone', kind: 'rds', state: 'deleting', phase: 'gone' },
    {
      name: 'a stopped cluster is stopped',
      kind: 'rds-cluster',
      state: 'stopped',
      phase: 'stopped',
    },
    {
      name: 'states are read case-insensitively',
      kind: 'rds',
      state: 'Available',
      phase: 'running',
    },
  ] as const)('$name', ({ kind, state, phase }) => {
    expect(cloudPhase({ kind, state })).toBe(phase);
  });
});

describe('names for resources', () => {
  it('a key names kind, region and id', () => {
    expect(cloudKey(ec2('i-1', 'running'))).toBe('ec2/eu-west-1/i-1');
  });

  it('a label shows the Name tag only when it says more than the id', () => {
    expect(cloudLabel(ec2('i-1', 'running', { name: 'jump host' }))).toBe(
      'ec2 i-1 "jump host" (eu-west-1)',
    );
    expect(cloudLabel(rds('orders', 'available', { name: 'orders' }))).toBe(
      'rds orders (eu-west-1)',
    );
  });

  it('the same id in another region or of another kind is another resource', () => {
    expect(sameCloudRef(ec2('x', 'running'), ec2('x', 'stopped'))).toBe(true);
    expect(sameCloudRef(ec2('x', 'running'), ec2('x', 'running', { region: 'us-east-1' }))).toBe(
      false,
    );
    expect(sameCloudRef(ec2('x', 'running'), rds('x', 'available'))).toBe(false);
  });
});
