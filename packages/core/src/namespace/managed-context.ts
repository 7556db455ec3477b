import { ANNOTATIONS } from '../common/annotations.js';
import { CurfewInputError } from '../common/errors.js';
import { normalizeOffsets } from '../schedule/offsets.js';
import type { Schedule } from '../schedule/schedule-types.js';
import type { NamespaceObservation } from './namespace.js';
import { namespaceSchedule } from './namespace-schedule.js';
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
 * Reads the namespace's schedule (namespace-schedule.ts) and settings; a CurfewInputError names
 * the bad annotation. An invalid override is never replaced by the cluster default: guessing
 * could suspend a namespace its owner meant to keep running.
 */
export function managedContext(
  obs: NamespaceObservation,
  policy: ClusterPolicy,
  now: number,
): ManagedContext {
  const schedule = namespaceSchedule(obs, policy);
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
