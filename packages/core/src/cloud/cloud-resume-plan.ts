/**
 * Which cloud resources a resume starts: exactly those in the record, so a resource a person
 * had stopped stays stopped. Called before the workloads come back (the database first), and
 * again after every poll until every recorded resource is up, missing or broken.
 */

import type { CloudRecord, CloudStoppedEntry } from './cloud-record.js';
import { type CloudResource, cloudPhase, sameCloudRef } from './cloud-resource.js';
import type { BlockedResource, CloudPlanOptions } from './cloud-suspend-plan.js';

export interface CloudResumePlan {
  /** Recorded and stopped: call start now (in dry-run: what would be started). */
  start: CloudResource[];
  /** Recorded and on the way: stopping (start once stopped), starting, or busy. */
  wait: CloudResource[];
  /** Recorded and running (available): nothing to do. */
  up: CloudResource[];
  /** Recorded, but AWS no longer has it (or it lost its namespace tag): reported. */
  missing: CloudStoppedEntry[];
  /** Recorded, but in a state nobody can start it from: reported. */
  broken: BlockedResource[];
  dryRun: boolean;
}

export function planCloudResume(
  resources: readonly CloudResource[],
  record: Pick<CloudRecord, 'stopped'>,
  options: CloudPlanOptions = {},
): CloudResumePlan {
  const plan: CloudResumePlan = {
    start: [],
    wait: [],
    up: [],
    missing: [],
    broken: [],
    dryRun: options.dryRun ?? false,
  };
  for (const entry of record.stopped) {
    const resource = resources.find((r) => sameCloudRef(r, entry));
    const phase = resource ? cloudPhase(resource) : 'gone';
    if (!resource || phase === 'gone') plan.missing.push(entry);
    else if (phase === 'stopped') plan.start.push(resource);
    else if (phase === 'running') plan.up.push(resource);
    else if (phase === 'broken') {
      plan.broken.push({
        resource,
        reason: `is "${resource.state}" in AWS and cannot be started until someone fixes it`,
      });
    } else plan.wait.push(resource);
  }
  return plan;
}

/** Nothing left to wait for: every recorded resource is up, missing or broken. */
export function cloudResumeSettled(plan: CloudResumePlan): boolean {
  return plan.start.length === 0 && plan.wait.length === 0;
}
