import { describe, expect, it } from 'vitest';
import { cloudResumeReport, cloudSuspendReport } from '../../src/cloud/cloud-report.js';
import { ec2, rds } from '../support/cloud-fixtures.js';

describe('cloudSuspendReport', () => {
  it('says what was stopped, what was left alone and what could not be stopped', () => {
    expect(
      cloudSuspendReport({
        stopped: [ec2('i-1', 'stopping', { name: 'jump' }), rds('db', 'stopping')],
        leftAlone: [ec2('i-2', 'stopped')],
        notStopped: [{ resource: rds('db-r', 'available'), reason: 'is a read replica of db' }],
        dryRun: false,
      }),
    ).toEqual([
      'Stopped: ec2 i-1 "jump" (eu-west-1), rds db (eu-west-1).',
      'Already stopped by someone else, left stopped on resume: ec2 i-2 (eu-west-1).',
      'Not stopped: rds db-r (eu-west-1) is a read replica of db.',
    ]);
  });

  it('a dry run says "would" and that nothing was stopped', () => {
    expect(
      cloudSuspendReport({
        stopped: [ec2('i-1', 'running')],
        leftAlone: [],
        notStopped: [],
        dryRun: true,
      }),
    ).toEqual(['Dry run, nothing stopped — would stop: ec2 i-1 (eu-west-1).']);
  });

  it('a lookup that failed says so, and what Curfew could not do', () => {
    expect(
      cloudSuspendReport({
        stopped: [],
        leftAlone: [],
        notStopped: [],
        dryRun: false,
        problem: 'AccessDenied: not authorized to perform ec2:DescribeInstances',
      }),
    ).toEqual([
      'Cloud resources could not be looked up: AccessDenied: not authorized to perform ec2:DescribeInstances.',
    ]);
    expect(
      cloudResumeReport({
        up: [],
        stillStarting: [],
        notStarted: [],
        wouldStart: [],
        dryRun: false,
        problem: 'x',
      }),
    ).toEqual(['Cloud resources could not be looked up: x.']);
  });

  it('a namespace without cloud resources gets no lines', () => {
    expect(
      cloudSuspendReport({ stopped: [], leftAlone: [], notStopped: [], dryRun: false }),
    ).toEqual([]);
  });
});

describe('cloudResumeReport', () => {
  it('says what runs, what is still starting (with its state) and what was not started', () => {
    expect(
      cloudResumeReport({
        up: [ec2('i-1', 'running')],
        stillStarting: [rds('db', 'starting')],
        notStarted: [{ resource: ec2('i-gone', 'x'), reason: 'no longer exists in AWS' }],
        wouldStart: [],
        dryRun: false,
      }),
    ).toEqual([
      'Running: ec2 i-1 (eu-west-1).',
      'Still starting (AWS takes minutes): rds db (eu-west-1) is starting.',
      'Not started: ec2 i-gone (eu-west-1) no longer exists in AWS.',
    ]);
  });

  it('a dry run says what would be started', () => {
    expect(
      cloudResumeReport({
        up: [],
        stillStarting: [],
        notStarted: [],
        wouldStart: [rds('db', 'stopped')],
        dryRun: true,
      }),
    ).toEqual(['Dry run, nothing started — would start: rds db (eu-west-1).']);
  });
});
