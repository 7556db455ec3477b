import { ANNOTATIONS, type AnnotationPatch } from '../common/annotations.js';
import { formatInstant } from '../common/instant.js';
import { uptimeEndFrom } from '../schedule/uptime.js';
import type { ManagedContext } from './managed-context.js';

const MINUTE = 60_000;

/**
 * Annotations for a suspend, by schedule (`by` = `schedule`) or by a person (their id). Write them
 * only after every workload is at 0 replicas.
 */
export function suspendedAnnotations(now: number, by: string): AnnotationPatch {
  return {
    [ANNOTATIONS.state]: 'suspended',
    [ANNOTATIONS.suspendedAt]: formatInstant(now),
    [ANNOTATIONS.suspendedBy]: by,
    [ANNOTATIONS.shutdownAt]: null,
    [ANNOTATIONS.reminderSent]: null,
  };
}

/** Annotations after an auto-wake resume; the next decision plans the shutdown afresh. */
export function resumedAnnotations(): AnnotationPatch {
  return {
    [ANNOTATIONS.state]: 'running',
    [ANNOTATIONS.suspendedAt]: null,
    [ANNOTATIONS.suspendedBy]: null,
    [ANNOTATIONS.shutdownAt]: null,
    [ANNOTATIONS.reminderSent]: null,
  };
}

/**
 * Annotations for a namespace a person brought back (by hand, `/devenv start`, the Resume button):
 * running, with the shutdown planned at the schedule's end of uptime but no sooner than the
 * largest reminder offset from now, so it is not suspended minutes after someone asked for it.
 */
export function wokenAnnotations(ctx: ManagedContext): {
  annotations: AnnotationPatch;
  shutdownAt: number | null;
} {
  const scheduled = uptimeEndFrom(ctx.schedule, ctx.now);
  const largest = ctx.offsets[0] as number;
  const shutdownAt = scheduled === null ? null : Math.max(scheduled, ctx.now + largest * MINUTE);
  return {
    shutdownAt,
    annotations: {
      ...resumedAnnotations(),
      [ANNOTATIONS.shutdownAt]: shutdownAt === null ? null : formatInstant(shutdownAt),
    },
  };
}
