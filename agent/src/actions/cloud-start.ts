/**
 * The cloud step of a resume: start exactly what the suspend recorded (a resource a person had
 * stopped stays stopped), BEFORE the workloads come back, and wait — polling, up to the start
 * timeout — until it runs (RDS takes minutes). Whatever is still starting when the wait ends is
 * named in the "resumed" message and keeps starting. A crash leaves the namespace `resuming` with
 * the record in place; the next agent runs this again (starting a database that is already
 * starting is never asked twice: only stopped ones are started).
 */
import {
  type CloudResource,
  type CloudResumeOutcome,
  type CloudStoppedEntry,
  cloudKey,
  cloudResumeSettled,
  formatDuration,
  planCloudResume,
} from '@curfew/core';
import { isCloudError } from '../cloud/types.js';
import { cloudRecordOf, lookUpCloud } from './cloud-record-io.js';
import type { ActionEnv } from './env.js';

export interface CloudStartOutcome extends CloudResumeOutcome {
  /** Record entries that stay on the namespace: not started, still Curfew's to start next time. */
  keep: CloudStoppedEntry[];
}

type NotStarted = CloudResumeOutcome['notStarted'][number];

/** Null when there is nothing Curfew stopped (or no cloud). Throws when AWS is unavailable. */
export async function startCloudResources(
  env: ActionEnv,
  namespace: string,
): Promise<CloudStartOutcome | null> {
  const { ctx, cloud } = env;
  const record = cloudRecordOf(ctx, namespace);
  const unreadable: NotStarted[] = record.unreadable.map((text) => ({
    resource: { kind: 'ec2', region: '?', id: text },
    reason: `is an entry of curfew.dev/cloud-stopped Curfew cannot read; start it by hand`,
  }));
  if (!cloud) {
    if (record.stopped.length === 0) return null;
    // Cloud switched off since the suspend: say what Curfew had stopped, keep the record.
    return {
      ...empty(false),
      notStarted: [
        ...record.stopped.map((entry) => ({
          resource: entry,
          reason: 'was stopped by Curfew, but this agent has no cloud regions configured now',
        })),
        ...unreadable,
      ],
      keep: record.stopped,
    };
  }
  if (record.stopped.length === 0 && unreadable.length === 0) return null;
  const deadline = ctx.clock.now() + cloud.startTimeoutMs;
  const notStarted = new Map<string, NotStarted>();
  const keep = new Map<string, CloudStoppedEntry>();
  let found = await lookUpCloud(cloud, namespace);
  for (;;) {
    if (!Array.isArray(found)) {
      return {
        ...empty(cloud.dryRun),
        notStarted: unreadable,
        keep: record.stopped,
        problem: `${found.message} — fix the agent's IAM role or regions; Curfew starts them at the next resume`,
      };
    }
    const plan = planCloudResume(found, record, { dryRun: cloud.dryRun });
    if (plan.dryRun) {
      return { ...empty(true), wouldStart: plan.start, up: plan.up, keep: record.stopped };
    }
    for (const entry of plan.missing) {
      notStarted.set(cloudKey(entry), {
        resource: entry,
        reason: 'no longer exists in AWS, or lost its namespace tag',
      });
    }
    for (const { resource, reason } of plan.broken) {
      notStarted.set(cloudKey(resource), { resource, reason });
      keep.set(cloudKey(resource), entryOf(record.stopped, resource));
    }
    let again = false;
    await Promise.all(
      plan.start.map((resource) =>
        ctx.limiter.run(async () => {
          try {
            cloud.inventory.noteState(resource, await cloud.api.start(resource));
            again = true;
          } catch (error) {
            if (!isCloudError(error) || error.kind === 'unavailable') throw error;
            if (error.kind === 'wrong-state') again = true;
            else if (error.kind === 'not-found') {
              notStarted.set(cloudKey(resource), { resource, reason: 'no longer exists in AWS' });
            } else {
              notStarted.set(cloudKey(resource), {
                resource,
                reason: `was refused by AWS (${error.message}); start it by hand`,
              });
              keep.set(cloudKey(resource), entryOf(record.stopped, resource));
            }
          }
        }),
      ),
    );
    const settled = cloudResumeSettled(plan) && !again;
    if (settled || ctx.clock.now() >= deadline) {
      const stillStarting: CloudResource[] = [];
      for (const resource of plan.wait) {
        if (resource.state.toLowerCase() === 'stopping') {
          // Never got to start it: still Curfew's, for the next resume.
          notStarted.set(cloudKey(resource), {
            resource,
            reason: `was still stopping after ${formatDuration(cloud.startTimeoutMs)}; start it by hand once it has stopped`,
          });
          keep.set(cloudKey(resource), entryOf(record.stopped, resource));
        } else stillStarting.push(resource);
      }
      const current = cloud.inventory.known(namespace);
      const started = plan.start.filter((r) => !notStarted.has(cloudKey(r)));
      return {
        ...empty(false),
        up: plan.up,
        stillStarting: [
          ...stillStarting,
          ...started.map((r) => current.find((c) => cloudKey(c) === cloudKey(r)) ?? r),
        ],
        notStarted: [...notStarted.values(), ...unreadable],
        keep: [...keep.values()],
      };
    }
    await cloud.waits.sleep(cloud.pollMs);
    found = await lookUpCloud(cloud, namespace, 0);
  }
}

function empty(dryRun: boolean): CloudStartOutcome {
  return { up: [], stillStarting: [], notStarted: [], wouldStart: [], dryRun, keep: [] };
}

function entryOf(
  entries: readonly CloudStoppedEntry[],
  resource: CloudResource,
): CloudStoppedEntry {
  return (
    entries.find((e) => cloudKey(e) === cloudKey(resource)) ?? {
      kind: resource.kind,
      region: resource.region,
      id: resource.id,
      stoppedAt: 0,
    }
  );
}
