/**
 * A suspended namespace's cloud resources, looked at again (core's planCloudSweep): RDS starts a
 * stopped database by itself after 7 days — Curfew stops it again, recording the new instant
 * first; a resource a person started meanwhile is theirs and leaves the record, so resume does not
 * touch it. Both are recorded as Kubernetes Events.
 */
import { ANNOTATIONS, cloudKey, cloudLabel, planCloudSweep } from '@curfew/core';
import { isCloudError } from '../cloud/types.js';
import { cloudRecordOf, lookUpCloud, writeCloudRecord } from './cloud-record-io.js';
import { type ActionEnv, locked } from './env.js';
import { recordEvent } from './namespace-write.js';

/** Returns what it did, as sentences (empty: nothing to do). */
export async function sweepCloud(env: ActionEnv, namespace: string): Promise<string[]> {
  const { cloud } = env;
  if (!cloud) return [];
  return locked(env, namespace, async (env) => {
    const { ctx } = env;
    const ns = ctx.cache.namespace(namespace);
    // Only a suspend that completed: one in flight is the suspend's own business.
    if (ns?.meta.annotations[ANNOTATIONS.state] !== 'suspended') return [];
    const record = cloudRecordOf(ctx, namespace);
    if (record.stopped.length === 0) return [];
    const found = await lookUpCloud(cloud, namespace, cloud.inventory.ttlMs);
    if (!Array.isArray(found)) return [];
    const plan = planCloudSweep(found, record, ctx.clock.now(), { dryRun: cloud.dryRun });
    const lines: string[] = [];
    for (const { entry, why } of plan.released) {
      lines.push(
        why === 'gone'
          ? `${cloudLabel(entry)} is gone from AWS; Curfew no longer starts it on resume.`
          : `${cloudLabel(entry)} was started by someone while ${namespace} was suspended; it is theirs now and resume leaves it alone.`,
      );
    }
    if (plan.dryRun) {
      for (const r of plan.stop) lines.push(`Dry run: would stop ${cloudLabel(r)} again.`);
      return lines;
    }
    await writeCloudRecord(ctx, namespace, plan.record);
    for (const resource of plan.stop) {
      try {
        cloud.inventory.noteState(resource, await cloud.api.stop(resource));
        lines.push(
          `${cloudLabel(resource)} was started by AWS after 7 days stopped; Curfew stopped it again.`,
        );
      } catch (error) {
        // Not now (backing up after its restart, say): the next sweep tries again.
        if (!isCloudError(error) || error.kind === 'unavailable') throw error;
        ctx.log.info(
          { namespace, resource: cloudKey(resource), err: error },
          'cloud re-stop deferred',
        );
      }
    }
    if (lines.length > 0) await recordEvent(ctx, namespace, 'CurfewCloudSweep', lines.join(' '));
    return lines;
  });
}
