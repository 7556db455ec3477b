import { describe, expect, it } from 'vitest';
import type { CloudResource } from '../../src/cloud/cloud-resource.js';
import { cloudResumeSettled, planCloudResume } from '../../src/cloud/cloud-resume-plan.js';
import { cluster, ec2, entry, ids, rds } from '../support/cloud-fixtures.js';

interface Row {
  name: string;
  resources: CloudResource[];
  recorded: CloudResource[];
  start?: string[];
  wait?: string[];
  up?: string[];
  missing?: string[];
  broken?: string[];
  settled: boolean;
}

describe('planCloudResume', () => {
  it.each<Row>([
    {
      name: 'a recorded stopped instance is started',
      resources: [ec2('i-1', 'stopped')],
      recorded: [ec2('i-1', 'x')],
      start: ['i-1'],
      settled: false,
    },
    {
      name: 'a stopped instance that Curfew did not stop stays stopped',
      resources: [ec2('i-mine', 'stopped'), ec2('i-theirs', 'stopped')],
      recorded: [ec2('i-mine', 'x')],
      start: ['i-mine'],
      settled: false,
    },
    {
      name: 'a recorded database still stopping is waited for, then started',
      resources: [rds('db', 'stopping')],
      recorded: [rds('db', 'x')],
      wait: ['db'],
      settled: false,
    },
    {
      name: 'a recorded database already starting is waited for, not started twice',
      resources: [rds('db', 'starting')],
      recorded: [rds('db', 'x')],
      wait: ['db'],
      settled: false,
    },
    {
      name: 'a recorded cluster that is available is up',
      resources: [cluster('aurora', 'available')],
      recorded: [cluster('aurora', 'x')],
      up: ['aurora'],
      settled: true,
    },
    {
      name: 'a recorded instance that no longer exists is reported missing',
      resources: [],
      recorded: [ec2('i-gone', 'x')],
      missing: ['i-gone'],
      settled: true,
    },
    {
      name: 'a recorded instance that was terminated is reported missing',
      resources: [ec2('i-1', 'terminated')],
      recorded: [ec2('i-1', 'x')],
      missing: ['i-1'],
      settled: true,
    },
    {
      name: 'a recorded database that failed is reported broken, not waited for',
      resources: [rds('db', 'failed')],
      recorded: [rds('db', 'x')],
      broken: ['db'],
      settled: true,
    },
    {
      name: 'nothing recorded: nothing to start, whatever is stopped',
      resources: [ec2('i-1', 'stopped')],
      recorded: [],
      settled: true,
    },
  ])(
    '$name',
    ({
      resources,
      recorded,
      start = [],
      wait = [],
      up = [],
      missing = [],
      broken = [],
      settled,
    }) => {
      const plan = planCloudResume(resources, { stopped: recorded.map((r) => entry(r)) });
      expect({
        start: ids(plan.start),
        wait: ids(plan.wait),
        up: ids(plan.up),
        missing: ids(plan.missing),
        broken: ids(plan.broken.map((b) => b.resource)),
        settled: cloudResumeSettled(plan),
      }).toEqual({ start, wait, up, missing, broken, settled });
    },
  );

  it('dry-run lists what would be started', () => {
    const plan = planCloudResume(
      [ec2('i-1', 'stopped')],
      { stopped: [entry(ec2('i-1', 'x'))] },
      { dryRun: true },
    );
    expect(plan.dryRun).toBe(true);
    expect(ids(plan.start)).toEqual(['i-1']);
  });
});
