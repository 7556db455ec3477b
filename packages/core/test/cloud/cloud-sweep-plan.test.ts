import { describe, expect, it } from 'vitest';
import type { CloudResource } from '../../src/cloud/cloud-resource.js';
import { planCloudSweep, RDS_MAX_STOPPED_MS } from '../../src/cloud/cloud-sweep-plan.js';
import { DAY_MS } from '../../src/common/duration.js';
import { cluster, ec2, entry, ids, rds, T0 } from '../support/cloud-fixtures.js';

interface Row {
  name: string;
  resource: CloudResource | null;
  recorded: CloudResource;
  now: number;
  stop?: string[];
  wait?: string[];
  released?: string;
  kept: boolean;
}

describe('planCloudSweep (a suspended namespace, looked at again)', () => {
  it.each<Row>([
    {
      name: 'a database AWS started by itself after 7 days is stopped again',
      resource: rds('db', 'available'),
      recorded: rds('db', 'x'),
      now: T0 + RDS_MAX_STOPPED_MS + 60_000,
      stop: ['db'],
      kept: true,
    },
    {
      name: 'an Aurora cluster AWS started by itself after 7 days is stopped again',
      resource: cluster('aurora', 'available'),
      recorded: cluster('aurora', 'x'),
      now: T0 + 8 * DAY_MS,
      stop: ['aurora'],
      kept: true,
    },
    {
      name: 'a database AWS is starting after 7 days is waited for, then stopped',
      resource: rds('db', 'starting'),
      recorded: rds('db', 'x'),
      now: T0 + RDS_MAX_STOPPED_MS,
      wait: ['db'],
      kept: true,
    },
    {
      name: 'a database found running within 7 days was started by a person: it is theirs',
      resource: rds('db', 'available'),
      recorded: rds('db', 'x'),
      now: T0 + 2 * DAY_MS,
      released: 'started-by-someone',
      kept: false,
    },
    {
      name: 'a database a person is starting within 7 days is theirs',
      resource: rds('db', 'starting'),
      recorded: rds('db', 'x'),
      now: T0 + DAY_MS,
      released: 'started-by-someone',
      kept: false,
    },
    {
      name: 'an EC2 instance found running was started by a person, however long after (EC2 never starts one itself)',
      resource: ec2('i-1', 'running'),
      recorded: ec2('i-1', 'x'),
      now: T0 + 30 * DAY_MS,
      released: 'started-by-someone',
      kept: false,
    },
    {
      name: 'an EC2 instance a person is starting is theirs',
      resource: ec2('i-1', 'pending'),
      recorded: ec2('i-1', 'x'),
      now: T0 + 30 * DAY_MS,
      released: 'started-by-someone',
      kept: false,
    },
    {
      name: 'a stopped database stays recorded',
      resource: rds('db', 'stopped'),
      recorded: rds('db', 'x'),
      now: T0 + 3 * DAY_MS,
      kept: true,
    },
    {
      name: 'a database being backed up stays recorded (looked at again later)',
      resource: rds('db', 'backing-up'),
      recorded: rds('db', 'x'),
      now: T0 + 8 * DAY_MS,
      kept: true,
    },
    {
      name: 'a deleted database leaves the record',
      resource: rds('db', 'deleting'),
      recorded: rds('db', 'x'),
      now: T0 + DAY_MS,
      released: 'gone',
      kept: false,
    },
    {
      name: 'a recorded resource not seen stays recorded (a lookup may have missed it)',
      resource: null,
      recorded: ec2('i-1', 'x'),
      now: T0 + DAY_MS,
      kept: true,
    },
  ])('$name', ({ resource, recorded, now, stop = [], wait = [], released, kept }) => {
    const plan = planCloudSweep(
      resource ? [resource] : [],
      { stopped: [entry(recorded)], refused: [] },
      now,
    );
    expect({
      stop: ids(plan.stop),
      wait: ids(plan.wait),
      released: plan.released[0]?.why,
      kept: plan.record.stopped.some((e) => e.id === recorded.id),
    }).toEqual({ stop, wait, released, kept });
  });

  it('a second stop is recorded at the new instant, so the next 7 days count from it', () => {
    const now = T0 + 7 * DAY_MS + 5_000;
    const plan = planCloudSweep(
      [rds('db', 'available')],
      { stopped: [entry(rds('db', 'x'))], refused: [] },
      now,
    );
    expect(plan.record.stopped).toEqual([entry(rds('db', 'x'), now)]);
    const later = planCloudSweep([rds('db', 'available')], plan.record, now + 2 * DAY_MS);
    expect(later.released.map((r) => r.why)).toEqual(['started-by-someone']);
  });

  it('dry-run says what would be stopped and keeps the record as it was', () => {
    const record = { stopped: [entry(rds('db', 'x'))], refused: [] };
    const plan = planCloudSweep([rds('db', 'available')], record, T0 + 8 * DAY_MS, {
      dryRun: true,
    });
    expect(ids(plan.stop)).toEqual(['db']);
    expect(plan.record).toBe(record);
  });
});
