import type { CloudResource } from '../../src/cloud/cloud-resource.js';

export const REGION = 'eu-west-1';
export const T0 = Date.parse('2026-11-23T19:00:00Z');

type Extra = Partial<Omit<CloudResource, 'kind' | 'id'>>;

export function ec2(id: string, state: string, extra: Extra = {}): CloudResource {
  return {
    kind: 'ec2',
    region: REGION,
    id,
    state,
    namespace: 'team-a',
    size: 't3.medium',
    ...extra,
  };
}

export function rds(id: string, state: string, extra: Extra = {}): CloudResource {
  return {
    kind: 'rds',
    region: REGION,
    id,
    state,
    namespace: 'team-a',
    size: 'db.t3.medium',
    engine: 'postgres',
    ...extra,
  };
}

export function cluster(id: string, state: string, extra: Extra = {}): CloudResource {
  return {
    kind: 'rds-cluster',
    region: REGION,
    id,
    state,
    namespace: 'team-a',
    engine: 'aurora-postgresql',
    engineMode: 'provisioned',
    memberSizes: ['db.r6g.large'],
    ...extra,
  };
}

/** A record entry for `resource`, stopped at `at`. */
export const entry = (resource: CloudResource, at = T0) => ({
  kind: resource.kind,
  region: resource.region,
  id: resource.id,
  stoppedAt: at,
});

export const ids = (list: readonly { id: string }[]) => list.map((r) => r.id);
