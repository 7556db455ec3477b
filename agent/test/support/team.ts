import { formatInstant, formatOffsetRecord } from '@curfew/core';
import { ANN } from '../../src/annotations.js';
import type { ClusterDriver } from './cluster-driver.js';
import { at } from './harness.js';

export const managed = { [ANN.managed]: 'true' };

/** The agent's own namespace (helm creates it) and a team namespace due for suspend at 19:00. */
export async function team(d: ClusterDriver) {
  await d.addNamespace('curfew-system');
  await d.addNamespace('team-k', managed, {
    [ANN.owner]: 'dev@example.com',
    // The 15-minute reminder went out: at 19:00 the schedule suspends without another one.
    [ANN.shutdownAt]: formatInstant(at('19:00')),
    [ANN.reminderSent]: formatOffsetRecord(15, at('19:00')),
  });
  await d.addWorkload('Deployment', 'team-k', 'web', 3);
  await d.addWorkload('Deployment', 'team-k', 'api', 1);
  await d.addWorkload('StatefulSet', 'team-k', 'db', 2);
  await d.addCronJob('team-k', 'nightly', false);
  await d.addCronJob('team-k', 'paused', true);
}

export async function shape(d: ClusterDriver) {
  return {
    web: (await d.workload('Deployment', 'team-k', 'web')).replicas,
    api: (await d.workload('Deployment', 'team-k', 'api')).replicas,
    db: (await d.workload('StatefulSet', 'team-k', 'db')).replicas,
    nightly: (await d.cronJob('team-k', 'nightly')).suspend,
    paused: (await d.cronJob('team-k', 'paused')).suspend,
  };
}

export const ORIGINAL = { web: 3, api: 1, db: 2, nightly: false, paused: true };
