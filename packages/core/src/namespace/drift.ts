import { ANNOTATIONS, type AnnotationPatch } from '../common/annotations.js';
import { parseInstant } from '../common/instant.js';

/** A suspend undone this soon after it happened was not a person deciding to work late. */
export const UNDO_WINDOW_MS = 10 * 60_000;
/** This many quick undos in a row: something automatic (a GitOps self-heal) is at work. */
export const UNDOS_FOR_DRIFT = 2;

export interface DriftVerdict {
  annotations: AnnotationPatch;
  /** Set once, when drift is first detected: the text to report. */
  report: string | null;
}

/**
 * Tells a person waking a namespace apart from a tool that reverts every suspend. A person
 * wakes a namespace once and is served (mark-woken). A tool such as Argo CD with self-heal
 * restores replicas within seconds, every time: after UNDOS_FOR_DRIFT quick undos in a row
 * the namespace is flagged, the owner is told once, and the schedule stops suspending it —
 * fighting would scale it up and down forever and spam the owner.
 */
export function judgeWake(
  name: string,
  annotations: Readonly<Record<string, string>>,
  now: number,
): DriftVerdict {
  const suspendedAt = parseInstant(annotations[ANNOTATIONS.suspendedAt]);
  const quick = suspendedAt !== null && now - suspendedAt <= UNDO_WINDOW_MS;
  if (!quick) {
    return {
      annotations: annotations[ANNOTATIONS.undoneSuspends]
        ? { [ANNOTATIONS.undoneSuspends]: null }
        : {},
      report: null,
    };
  }
  const count = (Number.parseInt(annotations[ANNOTATIONS.undoneSuspends] ?? '0', 10) || 0) + 1;
  const patch: AnnotationPatch = { [ANNOTATIONS.undoneSuspends]: String(count) };
  if (count < UNDOS_FOR_DRIFT || annotations[ANNOTATIONS.drift]) {
    return { annotations: patch, report: null };
  }
  const text =
    `Every suspend of ${name} was undone within minutes (${count} times in a row) — ` +
    'probably a GitOps tool restoring replicas. Curfew stops suspending it by schedule. ' +
    `Set the replicas to 0 in Git, or exclude the namespace; remove the ${ANNOTATIONS.drift} annotation to re-enable.`;
  patch[ANNOTATIONS.drift] = text;
  return { annotations: patch, report: text };
}

/** Drift was reported: the schedule neither reminds nor suspends (it would be undone again). */
export function hasDrift(annotations: Readonly<Record<string, string>>): boolean {
  return Boolean(annotations[ANNOTATIONS.drift]);
}
