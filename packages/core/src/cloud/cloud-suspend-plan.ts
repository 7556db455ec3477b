/**
 * Which cloud resources a suspend stops. Called with the namespace's workloads already at 0,
 * and again after every poll until nothing is left to wait for: each call looks only at what
 * AWS says now and what the record says, so the agent can be killed between any two calls and
 * the next one (another agent, after a restart) finishes the job without repeating a stop.
 */

import type { CloudRecord, CloudStoppedEntry } from './cloud-record.js';
import { type CloudPhase, type CloudResource, cloudPhase, sameCloudRef } from './cloud-resource.js';
import { stopBlocker } from './stop-blockers.js';

export interface BlockedResource {
  resource: CloudResource;
  reason: string;
}

export interface CloudSuspendPlan {
  /** The record to store BEFORE any stop call (in dry-run: the record as it was). */
  record: Pick<CloudRecord, 'stopped' | 'refused'>;
  /** Call stop on these now (in dry-run: what a real suspend would stop). */
  stop: CloudResource[];
  /** Curfew's to stop, but AWS refuses a stop right now (pending, starting, backing up…). */
  wait: CloudResource[];
  /** Stopped or stopping by Curfew already (a suspend finished after a restart). */
  done: CloudResource[];
  /** Stopped or stopping by someone else: left as they are, and not started on resume. */
  leftAlone: CloudResource[];
  /** Cannot be stopped: reported, never attempted. */
  blocked: BlockedResource[];
  dryRun: boolean;
}

export interface CloudPlanOptions {
  /** Only say what would happen: record nothing, stop and start nothing. */
  dryRun?: boolean;
}

function brokenReason(state: string): string {
  return `is "${state}" in AWS and cannot be stopped until someone fixes it`;
}

export function planCloudSuspend(
  resources: readonly CloudResource[],
  record: Pick<CloudRecord, 'stopped' | 'refused'>,
  now: number,
  options: CloudPlanOptions = {},
): CloudSuspendPlan {
  const dryRun = options.dryRun ?? false;
  const plan: CloudSuspendPlan = {
    record,
    stop: [],
    wait: [],
    done: [],
    leftAlone: [],
    blocked: [],
    dryRun,
  };
  // Entries for resources not seen now stay: the resume reports what became of them.
  const stopped: CloudStoppedEntry[] = record.stopped.filter(
    (entry) => !resources.some((r) => sameCloudRef(r, entry) && cloudPhase(r) === 'gone'),
  );
  const ours = (r: CloudResource) => stopped.some((entry) => sameCloudRef(entry, r));
  const take = (r: CloudResource) => {
    if (!ours(r)) stopped.push({ kind: r.kind, region: r.region, id: r.id, stoppedAt: now });
  };
  for (const resource of resources) {
    const phase: CloudPhase = cloudPhase(resource);
    if (phase === 'gone') continue;
    if (ours(resource)) {
      // Already Curfew's: whatever blocks a first stop no longer matters, only the state.
      if (phase === 'stopped' || phase === 'stopping') plan.done.push(resource);
      else if (phase === 'running') plan.stop.push(resource);
      else if (phase === 'broken') {
        plan.blocked.push({ resource, reason: brokenReason(resource.state) });
      } else plan.wait.push(resource);
      continue;
    }
    const refusal = record.refused.find((r) => sameCloudRef(r, resource));
    if (refusal) {
      plan.blocked.push({
        resource,
        reason: `AWS refused to stop it in this suspend (${refusal.code}); it is not asked again`,
      });
      continue;
    }
    if (phase === 'stopped' || phase === 'stopping') {
      // Someone else stopped it: it stays as they left it, now and on resume.
      plan.leftAlone.push(resource);
      continue;
    }
    const blocker = stopBlocker(resource);
    if (blocker) {
      plan.blocked.push({ resource, reason: blocker.reason });
      continue;
    }
    if (phase === 'broken') {
      plan.blocked.push({ resource, reason: brokenReason(resource.state) });
      continue;
    }
    take(resource);
    if (phase === 'running') plan.stop.push(resource);
    else plan.wait.push(resource);
  }
  if (!dryRun) plan.record = { stopped, refused: record.refused };
  return plan;
}
