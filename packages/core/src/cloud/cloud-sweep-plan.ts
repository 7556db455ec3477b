/**
 * A suspended namespace's cloud resources, looked at again while it stays suspended.
 *
 * RDS starts a stopped DB instance or cluster by itself 7 days after it was stopped (AWS does
 * not let a database miss maintenance for longer). A recorded database found running again
 * 7 days or more after Curfew stopped it was restarted by AWS: Curfew stops it again and
 * records the new instant. Found running sooner — or an EC2 instance found running at all —
 * a person started it: it is theirs now, and leaves the record, so resume does not touch it
 * (and a person who then stops it again finds it stopped after the resume, as they left it).
 */
import { DAY_MS } from '../common/duration.js';
import type { CloudRecord, CloudStoppedEntry } from './cloud-record.js';
import { type CloudResource, cloudPhase, sameCloudRef } from './cloud-resource.js';
import type { CloudPlanOptions } from './cloud-suspend-plan.js';

/** How long RDS keeps a DB instance or cluster stopped before starting it by itself. */
export const RDS_MAX_STOPPED_MS = 7 * DAY_MS;

export interface ReleasedResource {
  entry: CloudStoppedEntry;
  why: 'started-by-someone' | 'gone';
}

export interface CloudSweepPlan {
  /** The record to store BEFORE any stop call (in dry-run: the record as it was). */
  record: Pick<CloudRecord, 'stopped' | 'refused'>;
  /** Restarted by AWS after 7 days: stop again (in dry-run: what would be stopped). */
  stop: CloudResource[];
  /** AWS is starting it after 7 days: stop it once it is available. */
  wait: CloudResource[];
  /** No longer Curfew's to start on resume. */
  released: ReleasedResource[];
  dryRun: boolean;
}

function restartedByAws(entry: CloudStoppedEntry, now: number): boolean {
  return entry.kind !== 'ec2' && now - entry.stoppedAt >= RDS_MAX_STOPPED_MS;
}

export function planCloudSweep(
  resources: readonly CloudResource[],
  record: Pick<CloudRecord, 'stopped' | 'refused'>,
  now: number,
  options: CloudPlanOptions = {},
): CloudSweepPlan {
  const dryRun = options.dryRun ?? false;
  const plan: CloudSweepPlan = { record, stop: [], wait: [], released: [], dryRun };
  const stopped: CloudStoppedEntry[] = [];
  for (const entry of record.stopped) {
    const resource = resources.find((r) => sameCloudRef(r, entry));
    // Not seen: it may be a lookup that missed it; the resume reports it if it stays away.
    const phase = resource ? cloudPhase(resource) : 'stopped';
    if (phase === 'gone') {
      plan.released.push({ entry, why: 'gone' });
    } else if (resource && phase === 'running') {
      if (restartedByAws(entry, now)) {
        plan.stop.push(resource);
        stopped.push({ ...entry, stoppedAt: now });
      } else {
        plan.released.push({ entry, why: 'started-by-someone' });
      }
    } else if (resource && phase === 'starting') {
      if (restartedByAws(entry, now)) {
        plan.wait.push(resource);
        stopped.push(entry);
      } else {
        plan.released.push({ entry, why: 'started-by-someone' });
      }
    } else {
      // Stopped, stopping, busy or broken: still as Curfew left it, as far as anyone can tell.
      stopped.push(entry);
    }
  }
  if (!dryRun) plan.record = { stopped, refused: record.refused };
  return plan;
}
