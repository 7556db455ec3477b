import { describe, expect, it } from 'vitest';
import {
  cloudRecordPatch,
  readCloudRecord,
  sameCloudRecord,
} from '../../src/cloud/cloud-record.js';
import { ANNOTATIONS } from '../../src/common/annotations.js';
import { T0 } from '../support/cloud-fixtures.js';

const STOPPED = ANNOTATIONS.cloudStopped;
const REFUSED = ANNOTATIONS.cloudRefused;

describe('the cloud record on the namespace', () => {
  it('round-trips: what is written is what is read', () => {
    const record = {
      stopped: [
        { kind: 'ec2' as const, region: 'eu-west-1', id: 'i-0abc', stoppedAt: T0 },
        { kind: 'rds-cluster' as const, region: 'us-gov-west-1', id: 'orders', stoppedAt: T0 + 1 },
      ],
      refused: [
        { kind: 'rds' as const, region: 'eu-west-1', id: 'legacy', code: 'InvalidDBInstanceState' },
      ],
    };
    const patch = cloudRecordPatch(record);
    expect(patch[STOPPED]).toBe(
      'ec2/eu-west-1/i-0abc@2026-11-23T19:00:00Z,rds-cluster/us-gov-west-1/orders@2026-11-23T19:00:00.001Z',
    );
    expect(patch[REFUSED]).toBe('rds/eu-west-1/legacy=InvalidDBInstanceState');
    const read = readCloudRecord(patch as Record<string, string>);
    expect(read).toEqual({ ...record, unreadable: [] });
    expect(sameCloudRecord(read, record)).toBe(true);
  });

  it('an empty record removes both annotations', () => {
    expect(cloudRecordPatch({ stopped: [], refused: [] })).toEqual({
      [STOPPED]: null,
      [REFUSED]: null,
    });
  });

  it('no annotations read as an empty record', () => {
    expect(readCloudRecord({})).toEqual({ stopped: [], refused: [], unreadable: [] });
  });

  it('spaces around entries are tolerated (a person edited it)', () => {
    const read = readCloudRecord({ [STOPPED]: ' ec2/eu-west-1/i-1@2026-11-23T19:00:00Z , ' });
    expect(read.stopped).toHaveLength(1);
    expect(read.unreadable).toEqual([]);
  });

  it('a resource listed twice keeps its first entry', () => {
    const read = readCloudRecord({
      [STOPPED]: 'ec2/eu-west-1/i-1@2026-11-23T19:00:00Z,ec2/eu-west-1/i-1@2026-11-24T19:00:00Z',
      [REFUSED]: 'ec2/eu-west-1/i-2=A,ec2/eu-west-1/i-2=B',
    });
    expect(read.stopped.map((e) => e.stoppedAt)).toEqual([T0]);
    expect(read.refused.map((e) => e.code)).toEqual(['A']);
  });

  it.each([
    { name: 'an unknown kind is unreadable', text: 'lambda/eu-west-1/f@2026-11-23T19:00:00Z' },
    { name: 'a region that is not one is unreadable', text: 'ec2/Europe/i-1@2026-11-23T19:00:00Z' },
    { name: 'a missing instant is unreadable', text: 'ec2/eu-west-1/i-1' },
    { name: 'a bad instant is unreadable', text: 'ec2/eu-west-1/i-1@yesterday' },
    {
      name: 'an extra path segment is unreadable',
      text: 'ec2/eu-west-1/i-1/x@2026-11-23T19:00:00Z',
    },
    {
      name: 'an id with odd characters is unreadable',
      text: 'ec2/eu-west-1/i_1@2026-11-23T19:00:00Z',
    },
  ])('$name, reported and never guessed at; the readable entries still count', ({ text }) => {
    const read = readCloudRecord({ [STOPPED]: `${text},rds/eu-west-1/ok@2026-11-23T19:00:00Z` });
    expect(read.unreadable).toEqual([text]);
    expect(read.stopped.map((e) => e.id)).toEqual(['ok']);
  });

  it('a refusal without a code is unreadable', () => {
    expect(readCloudRecord({ [REFUSED]: 'ec2/eu-west-1/i-1=' }).unreadable).toEqual([
      'ec2/eu-west-1/i-1=',
    ]);
  });

  it('records differing in one instant are not the same', () => {
    const one = { kind: 'ec2' as const, region: 'eu-west-1', id: 'i', stoppedAt: T0 };
    const a = { stopped: [one], refused: [] };
    const b = { stopped: [{ ...one, stoppedAt: T0 + 1000 }], refused: [] };
    expect(sameCloudRecord(a, b)).toBe(false);
  });
});
