import { ANNOTATIONS } from '../common/annotations.js';
import { CurfewInputError } from '../common/errors.js';
import { normalizeOffsets } from '../schedule/offsets.js';
import { parseSchedule, type Schedule } from '../schedule/schedule.js';
import type { NamespaceObservation } from './namespace.js';
import type { ClusterPolicy } from './policy.js';

/** Everything a managed namespace's decision depends on, read once from the observation. */
export interface ManagedContext {
  obs: NamespaceObservation;
  schedule: Schedule;
  /** Largest first. */
  offsets: number[];
  wake: 'manual' | 'auto';
  now: number;
}

/**
 * Reads the namespace's schedule and settings; a CurfewInputError names the bad annotation.
 * An invalid override is never replaced by the cluster default: guessing could suspend a
 * namespace its owner meant to keep running.
 */
export function managedContext(
  obs: NamespaceObservation,
  policy: ClusterPolicy,
  now: number,
): ManagedContext {
  const override = obs.annotations[ANNOTATIONS.uptime];
  let schedule: Schedule;
  try {
    schedule = parseSchedule(override ?? policy.defaultUptime);
  } catch (e) {
    if (!(e instanceof CurfewInputError)) throw e;
    const where =
      override === undefined
        ? 'The cluster default uptime'
        : `The annotation ${ANNOTATIONS.uptime}`;
    throw new CurfewInputError(`${where} is invalid: ${e.message}`, e.hint);
  }
  const wakeText = (obs.annotations[ANNOTATIONS.wake] ?? 'manual').trim().toLowerCase();
  if (wakeText !== 'manual' && wakeText !== 'auto') {
    throw new CurfewInputError(
      `The annotation ${ANNOTATIONS.wake} is '${obs.annotations[ANNOTATIONS.wake]}'.`,
      `Set ${ANNOTATIONS.wake} to 'manual' (resume by hand) or 'auto' (resume at the next uptime start).`,
    );
  }
  const offsets = normalizeOffsets(policy.reminderOffsetsMinutes);
  return { obs, schedule, offsets, wake: wakeText, now };
}
