import { describe, expect, it } from 'vitest';
import type { CloudRecord } from '../../src/cloud/cloud-record.js';
import type { CloudResource } from '../../src/cloud/cloud-resource.js';
import { planCloudSuspend } from '../../src/cloud/cloud-suspend-plan.js';
import { cluster, ec2, entry, ids, rds, T0 } from '../support/cloud-fixtures.js';

const NOW = T0 + 60_000;
const none: Pick<CloudRecord, 'stopped' | 'refused'> = { stopped: [], refused: [] };

interface Row {
  name: string;
  resources: CloudResource[];
  record?: Pick<CloudRecord, 'stopped' | 'refused'>;
  stop?: string[];
  wait?: string[];
  done?: string[];
  leftAlone?: string[];
  blocked?: string[];
  recorded: string[];
}

describe('planCloudSuspend', () => {
  it.each<Row>([
    {
      name: 'a running instance is recorded and stopped',
      resources: [ec2('i-1', 'running')],
      stop: ['i-1'],
      recorded: ['i-1'],
    },
    {
      name: 'an available database is recorded and stopped',
      resources: [rds('db', 'available')],
      stop: ['db'],
      recorded: ['db'],
    },
    {
      name: 'an available Aurora cluster is recorded and stopped as a whole',
      resources: [cluster('aurora', 'available')],
      stop: ['aurora'],
      recorded: ['aurora'],
    },
    {
      name: 'an instance a person had stopped is left alone and not recorded, so resume leaves it stopped',
      resources: [ec2('i-1', 'stopped')],
      leftAlone: ['i-1'],
      recorded: [],
    },
    {
      name: 'a database someone else is stopping is left alone and not recorded',
      resources: [rds('db', 'stopping')],
      leftAlone: ['db'],
      recorded: [],
    },
    {
      name: 'a pending instance is recorded now and stopped once it runs',
      resources: [ec2('i-1', 'pending')],
      wait: ['i-1'],
      recorded: ['i-1'],
    },
    {
      name: 'a database being backed up is recorded now and stopped once the backup ends',
      resources: [rds('db', 'backing-up')],
      wait: ['db'],
      recorded: ['db'],
    },
    {
      name: 'after a restart, a recorded instance that is stopping is done, not stopped twice',
      resources: [ec2('i-1', 'stopping')],
      record: { stopped: [entry(ec2('i-1', 'x'), T0)], refused: [] },
      done: ['i-1'],
      recorded: ['i-1'],
    },
    {
      name: 'after a restart, a recorded database that is stopped is done',
      resources: [rds('db', 'stopped')],
      record: { stopped: [entry(rds('db', 'x'), T0)], refused: [] },
      done: ['db'],
      recorded: ['db'],
    },
    {
      name: 'after a crash between recording and stopping, a recorded running instance is stopped',
      resources: [ec2('i-1', 'running')],
      record: { stopped: [entry(ec2('i-1', 'x'), T0)], refused: [] },
      stop: ['i-1'],
      recorded: ['i-1'],
    },
    {
      name: 'a read replica is reported, never attempted, never recorded',
      resources: [rds('db-r', 'available', { readReplicaOf: 'db' })],
      blocked: ['db-r'],
      recorded: [],
    },
    {
      name: 'a Multi-AZ SQL Server is reported, never attempted',
      resources: [rds('mssql', 'available', { engine: 'sqlserver-ee', multiAz: true })],
      blocked: ['mssql'],
      recorded: [],
    },
    {
      name: 'an Aurora member instance is reported: its cluster is what stops',
      resources: [rds('a-1', 'available', { engine: 'aurora-mysql', clusterOf: 'a' })],
      blocked: ['a-1'],
      recorded: [],
    },
    {
      name: 'a resource AWS refused earlier in this suspend is not asked again',
      resources: [rds('legacy', 'available')],
      record: {
        stopped: [],
        refused: [
          { kind: 'rds', region: 'eu-west-1', id: 'legacy', code: 'InvalidParameterCombination' },
        ],
      },
      blocked: ['legacy'],
      recorded: [],
    },
    {
      name: 'a failed database is reported, not waited for',
      resources: [rds('db', 'failed')],
      blocked: ['db'],
      recorded: [],
    },
    {
      name: 'a recorded database that broke is reported and stays recorded for the resume',
      resources: [rds('db', 'storage-full')],
      record: { stopped: [entry(rds('db', 'x'), T0)], refused: [] },
      blocked: ['db'],
      recorded: ['db'],
    },
    {
      name: 'a recorded resource being deleted leaves the record',
      resources: [ec2('i-1', 'terminated')],
      record: { stopped: [entry(ec2('i-1', 'x'), T0)], refused: [] },
      recorded: [],
    },
    {
      name: 'a recorded resource not seen now stays recorded, for the resume to report',
      resources: [],
      record: { stopped: [entry(ec2('i-gone', 'x'), T0)], refused: [] },
      recorded: ['i-gone'],
    },
    {
      name: 'a terminated instance nobody recorded is ignored',
      resources: [ec2('i-1', 'terminated')],
      recorded: [],
    },
    {
      name: 'a mix: each resource gets its own fate in one plan',
      resources: [
        ec2('i-run', 'running'),
        ec2('i-off', 'stopped'),
        rds('db', 'available'),
        rds('db-r', 'available', { readReplicaOf: 'db' }),
      ],
      stop: ['i-run', 'db'],
      leftAlone: ['i-off'],
      blocked: ['db-r'],
      recorded: ['i-run', 'db'],
    },
  ])(
    '$name',
    ({
      resources,
      record = none,
      stop = [],
      wait = [],
      done = [],
      leftAlone = [],
      blocked = [],
      recorded,
    }) => {
      const plan = planCloudSuspend(resources, record, NOW);
      expect({
        stop: ids(plan.stop),
        wait: ids(plan.wait),
        done: ids(plan.done),
        leftAlone: ids(plan.leftAlone),
        blocked: ids(plan.blocked.map((b) => b.resource)),
        recorded: ids(plan.record.stopped),
      }).toEqual({ stop, wait, done, leftAlone, blocked, recorded });
    },
  );

  it('a new entry is recorded at now; an existing one keeps its instant', () => {
    const plan = planCloudSuspend(
      [ec2('i-new', 'running'), ec2('i-old', 'running')],
      { stopped: [entry(ec2('i-old', 'x'), T0)], refused: [] },
      NOW,
    );
    expect(plan.record.stopped).toEqual([
      entry(ec2('i-old', 'x'), T0),
      entry(ec2('i-new', 'x'), NOW),
    ]);
  });

  it('dry-run says what would be stopped and records nothing', () => {
    const plan = planCloudSuspend([ec2('i-1', 'running'), ec2('i-2', 'pending')], none, NOW, {
      dryRun: true,
    });
    expect(ids(plan.stop)).toEqual(['i-1']);
    expect(ids(plan.wait)).toEqual(['i-2']);
    expect(plan.record).toBe(none);
    expect(plan.dryRun).toBe(true);
  });

  it('planning again with the plan’s own record after the stops changes nothing: no stop twice', () => {
    const first = planCloudSuspend([ec2('i-1', 'running'), rds('db', 'available')], none, NOW);
    const second = planCloudSuspend(
      [ec2('i-1', 'stopping'), rds('db', 'stopping')],
      first.record,
      NOW + 1,
    );
    expect(ids(second.stop)).toEqual([]);
    expect(ids(second.done)).toEqual(['i-1', 'db']);
    expect(second.record).toEqual(first.record);
  });

  it('the refusals are carried over unchanged', () => {
    const refused = [{ kind: 'rds' as const, region: 'eu-west-1', id: 'x', code: 'C' }];
    expect(planCloudSuspend([], { stopped: [], refused }, NOW).record.refused).toBe(refused);
  });
});
