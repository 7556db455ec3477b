import { parseInstant } from '@curfew/core';
import { ANN } from '../annotations.js';
import type { AnnotationPatch, NamespaceObject } from '../kube/types.js';

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
export function judgeWake(ns: NamespaceObject, now: number): DriftVerdict {
  const a = ns.meta.annotations;
  const suspendedAt = parseInstant(a[ANN.suspendedAt]);
  const quick = suspendedAt !== null && now - suspendedAt <= UNDO_WINDOW_MS;
  if (!quick)
    return {
      annotations: a[ANN.undoneSuspends] ? { [ANN.undoneSuspends]: null } : {},
      report: null,
    };
  const count = (Number.parseInt(a[ANN.undoneSuspends] ?? '0', 10) || 0) + 1;
  const annotations: AnnotationPatch = { [ANN.undoneSuspends]: String(count) };
  if (count < UNDOS_FOR_DRIFT || a[ANN.drift]) return { annotations, report: null };
  const text =
    `Every suspend of ${ns.meta.name} was undone within minutes (${count} times in a row) — ` +
    'probably a GitOps tool restoring replicas. Curfew stops suspending it by schedule. ' +
    `Set the replicas to 0 in Git, or exclude the namespace; remove the ${ANN.drift} annotation to re-enable.`;
  annotations[ANN.drift] = text;
  return { annotations, report: text };
}

export function hasDrift(ns: NamespaceObject): boolean {
  return Boolean(ns.meta.annotations[ANN.drift]);
}
