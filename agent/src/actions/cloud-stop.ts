/**
 * The cloud step of a suspend: stop the namespace's tagged EC2 instances and RDS databases, once
 * its workloads are at 0 (the apps stop using the database before it goes). Every round plans from
 * what AWS says now and what the record says (core's planCloudSuspend), records BEFORE calling
 * stop, and waits (polling) for resources AWS cannot stop yet. A crash anywhere leaves the
 * namespace `suspending`; the next agent runs this again and finishes it: nothing recorded is
 * missed, nothing stopped or stopping is stopped again.
 */
import {
  type BlockedResource,
  type CloudRefusal,
  type CloudResource,
  type CloudSuspendOutcome,
  cloudKey,
  formatDuration,
  planCloudSuspend,
} from '@curfew/core';
import { isCloudError } from '../cloud/types.js';
import { cloudRecordOf, lookUpCloud, writeCloudRecord } from './cloud-record-io.js';
import type { ActionEnv } from './env.js';

/** Null when the agent has no cloud configured. Throws when AWS is unavailable (retried later). */
export async function stopCloudResources(
  env: ActionEnv,
  namespace: string,
): Promise<CloudSuspendOutcome | null> {
  const { ctx, cloud } = env;
  if (!cloud) return null;
  const deadline = ctx.clock.now() + cloud.stopTimeoutMs;
  const stopped = new Map<string, CloudResource>();
  const notStopped = new Map<string, BlockedResource>();
  let leftAlone: CloudResource[] = [];
  let found = await lookUpCloud(cloud, namespace);
  for (;;) {
    if (!Array.isArray(found)) {
      // Asking again would be refused again: the suspend goes on without the cloud, and says so.
      return {
        stopped: [...stopped.values()],
        leftAlone,
        notStopped: [...notStopped.values()],
        dryRun: cloud.dryRun,
        problem: `${found.message} — fix the agent's IAM role or regions`,
      };
    }
    const record = cloudRecordOf(ctx, namespace);
    const plan = planCloudSuspend(found, record, ctx.clock.now(), { dryRun: cloud.dryRun });
    leftAlone = plan.leftAlone;
    for (const blocked of plan.blocked) notStopped.set(cloudKey(blocked.resource), blocked);
    for (const done of plan.done) stopped.set(cloudKey(done), done);
    if (plan.dryRun) {
      return {
        stopped: [...plan.stop, ...plan.wait],
        leftAlone,
        notStopped: [...notStopped.values()],
        dryRun: true,
      };
    }
    // The record first: a crash after a stop call must find the resource recorded as Curfew's.
    await writeCloudRecord(ctx, namespace, plan.record);
    let again = plan.wait.length > 0;
    const refused: CloudRefusal[] = [];
    const gone = new Set<string>();
    await Promise.all(
      plan.stop.map((resource) =>
        ctx.limiter.run(async () => {
          try {
            const state = await cloud.api.stop(resource);
            cloud.inventory.noteState(resource, state);
            stopped.set(cloudKey(resource), { ...resource, state });
          } catch (error) {
            if (!isCloudError(error) || error.kind === 'unavailable') throw error;
            if (error.kind === 'wrong-state') again = true;
            else if (error.kind === 'not-found') gone.add(cloudKey(resource));
            else {
              const { kind, region, id } = resource;
              refused.push({ kind, region, id, code: error.code });
              notStopped.set(cloudKey(resource), {
                resource,
                reason: `was refused by AWS (${error.message}); it is not asked again until the next suspend`,
              });
            }
          }
        }),
      ),
    );
    if (refused.length > 0 || gone.size > 0) {
      const out = new Set([...gone, ...refused.map((r) => cloudKey(r))]);
      await writeCloudRecord(ctx, namespace, {
        stopped: plan.record.stopped.filter((e) => !out.has(cloudKey(e))),
        refused: [...plan.record.refused, ...refused],
      });
    }
    if (!again) break;
    if (ctx.clock.now() >= deadline) {
      // Not stoppable in time: it is not Curfew's to start on resume either.
      const late = new Set(plan.wait.map((r) => cloudKey(r)));
      await writeCloudRecord(ctx, namespace, {
        stopped: cloudRecordOf(ctx, namespace).stopped.filter((e) => !late.has(cloudKey(e))),
        refused: cloudRecordOf(ctx, namespace).refused,
      });
      for (const resource of plan.wait) {
        notStopped.set(cloudKey(resource), {
          resource,
          reason: `was still "${resource.state}" after ${formatDuration(cloud.stopTimeoutMs)}; it was left running`,
        });
      }
      break;
    }
    await cloud.waits.sleep(cloud.pollMs);
    found = await lookUpCloud(cloud, namespace, 0);
  }
  return {
    stopped: [...stopped.values()],
    leftAlone,
    notStopped: [...notStopped.values()],
    dryRun: false,
  };
}
