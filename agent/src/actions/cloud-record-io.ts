/**
 * Reading and writing a namespace's cloud record, and looking up its resources, for the cloud
 * steps of suspend, resume and the sweep.
 */
import {
  type CloudRecord,
  type CloudResource,
  cloudRecordPatch,
  readCloudRecord,
  sameCloudRecord,
} from '@curfew/core';
import type { CloudEnv } from '../cloud/cloud-env.js';
import { type CloudError, isCloudError } from '../cloud/types.js';
import type { ActionContext } from './context.js';
import { writeNamespace } from './namespace-write.js';

export function cloudRecordOf(ctx: ActionContext, namespace: string): CloudRecord {
  return readCloudRecord(ctx.cache.namespace(namespace)?.meta.annotations ?? {});
}

/** Stores `record` unless the namespace already says exactly that. */
export async function writeCloudRecord(
  ctx: ActionContext,
  namespace: string,
  record: Pick<CloudRecord, 'stopped' | 'refused'>,
): Promise<void> {
  if (sameCloudRecord(cloudRecordOf(ctx, namespace), record)) return;
  await writeNamespace(ctx, namespace, () => cloudRecordPatch(record));
}

/**
 * The namespace's resources, fresh enough to act on. AWS being away (`unavailable`) throws, so the
 * action fails and is tried again later (the namespace stays `suspending`/`resuming`); an answer
 * that will not change by asking again (`denied`: the IAM role lacks Describe*, `refused`: a region
 * AWS does not know) is returned as the error, for the action to report and go on without.
 */
export async function lookUpCloud(
  cloud: CloudEnv,
  namespace: string,
  maxAgeMs = cloud.freshMs,
): Promise<CloudResource[] | CloudError> {
  try {
    return await cloud.inventory.ofNamespace(namespace, maxAgeMs);
  } catch (error) {
    if (isCloudError(error) && (error.kind === 'denied' || error.kind === 'refused')) return error;
    throw error;
  }
}
