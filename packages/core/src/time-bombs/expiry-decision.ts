import { ANNOTATIONS, type AnnotationPatch, EXPIRED_AT_ANNOTATION } from '../common/annotations.js';
import { commandIdsOf, rememberCommandId } from '../common/command-ids.js';
import { formatDuration, parseDuration } from '../common/duration.js';
import { formatInstant } from '../common/instant.js';
import { plural } from '../common/plural.js';
import { recordedReplicas, recordForScaleDown } from '../namespace/workload-plans.js';
import { formatOffsetRecord } from '../schedule/offsets.js';
import { skuMatchesPrefix } from './sku.js';
import {
  DEFAULT_EXPIRY_WARNING_OFFSETS_MINUTES,
  expiryWarningDue,
  isExpired,
  lastExpiryWarning,
  nextExpiryCheckAt,
  parseValidUntil,
  type Validity,
  validityAfter,
} from './validity.js';

/**
 * What the agent does when a time bomb goes off (SPEC "Time bombs"): warn before, then scale
 * workloads to 0 — exactly like a suspend, `previous-replicas` in the same PATCH — and delete bare
 * Pods. Extending sets a new validity and brings back what had expired.
 */

export { EXPIRED_AT_ANNOTATION };

export type TimeBombKind = 'Deployment' | 'StatefulSet' | 'Pod';

/** One object that may carry a time bomb, as the agent's informers see it. */
export interface TimeBombObservation {
  kind: TimeBombKind;
  name: string;
  namespace: string;
  /** The object's own `metadata.annotations` (the agent's bookkeeping lives here). */
  annotations: Readonly<Record<string, string>>;
  /** Workloads: `spec.template.metadata.annotations`, where the webhook stamps the validity. */
  templateAnnotations?: Readonly<Record<string, string>>;
  /** `spec.replicas`; 1 for a Pod. */
  replicas: number;
  /** Pods: controlled by a ReplicaSet, Job…; the owner is what expires, never its Pods. */
  owned?: boolean;
  /** Already being deleted. */
  deleting?: boolean;
}

export interface TimeBomb {
  /** Unix seconds; null when no (readable) validity is stamped. */
  validUntil: number | null;
  /** `curfew.dev/sku`, empty when none. */
  sku: string;
}

/**
 * Reads validity from the holder (the Pod, or the pod template) and the SKU from the holder or,
 * for workloads, the workload's own metadata — the same places the admission webhooks read.
 */
export function timeBombOf(object: TimeBombObservation): TimeBomb {
  const holder = object.kind === 'Pod' ? object.annotations : (object.templateAnnotations ?? {});
  const sku =
    holder[ANNOTATIONS.sku] ??
    (object.kind === 'Pod' ? undefined : object.annotations[ANNOTATIONS.sku]) ??
    '';
  return { validUntil: parseValidUntil(holder[ANNOTATIONS.validUntil]), sku: sku.trim() };
}

interface DecisionBase {
  reason: string;
  /** When to decide this object again (next warning or the expiry); null: only on a change. */
  nextCheckAt: number | null;
}

export interface ExpiryNothing extends DecisionBase {
  kind: 'none';
}

/** Warn the owners; then write `annotations` (the warning record) on the object. */
export interface ExpiryWarn extends DecisionBase {
  kind: 'warn';
  offsetMinutes: number;
  validUntil: number;
  annotations: AnnotationPatch;
}

/** Workloads: one PATCH with `replicas` and `annotations` (record + expired marker). */
export interface ExpiryScaleDown extends DecisionBase {
  kind: 'expire';
  validUntil: number;
  replicas: 0;
  annotations: AnnotationPatch;
  /** A re-expiry kept the count recorded at the first one (see decideExpiry). */
  keptRecord?: number;
}

/** Bare Pods: delete. */
export interface ExpiryDelete extends DecisionBase {
  kind: 'delete';
  validUntil: number;
}

/**
 * A workload marked expired whose validity is current again (extended with kubectl, say):
 * one PATCH restoring `replicas` (when set) and dropping the marker.
 */
export interface ExpiryRevive extends DecisionBase {
  kind: 'revive';
  validUntil: number;
  replicas?: number;
  annotations: AnnotationPatch;
}

export type ExpiryDecision =
  | ExpiryNothing
  | ExpiryWarn
  | ExpiryScaleDown
  | ExpiryDelete
  | ExpiryRevive;

export interface ExpiryContext {
  now: number;
  offsetsMinutes?: readonly number[];
  /**
   * The namespace is suspended (or being suspended/resumed): an extension or revival then only
   * drops the expired marker and leaves `previous-replicas` for the namespace resume, so a
   * time bomb never wakes a namespace its schedule put to sleep.
   */
  namespaceSuspended?: boolean;
  /**
   * Pods: the warning record kept elsewhere (the agent may not patch Pods); workloads carry
   * theirs in `curfew.dev/expiry-warned`.
   */
  warnedRecord?: string;
}

/** What is due for one object at `now`. Pure: the agent executes it. */
export function decideExpiry(object: TimeBombObservation, context: ExpiryContext): ExpiryDecision {
  const { now } = context;
  const offsets = context.offsetsMinutes ?? DEFAULT_EXPIRY_WARNING_OFFSETS_MINUTES;
  const label = `${object.kind} ${object.namespace}/${object.name}`;
  if (object.annotations[ANNOTATIONS.exclude] === 'true') {
    return nothing(`${label} is excluded (${ANNOTATIONS.exclude})`);
  }
  if (object.kind === 'Pod' && object.owned) {
    return nothing(`${label} has an owner, which carries the time bomb`);
  }
  const { validUntil } = timeBombOf(object);
  if (validUntil === null) return nothing(`${label} has no ${ANNOTATIONS.validUntil}`);
  const expiredAt = formatInstant(validUntil * 1000);
  const marker = object.annotations[EXPIRED_AT_ANNOTATION];
  if (isExpired(validUntil, now)) {
    if (object.kind === 'Pod') {
      if (object.deleting) return nothing(`${label} expired and is being deleted`);
      return {
        kind: 'delete',
        validUntil,
        reason: `${label} expired at ${expiredAt}`,
        nextCheckAt: null,
      };
    }
    // Already scaled down for an expiry: done, unless someone scaled it back up meanwhile (the
    // webhook refuses that, but it fails open when the agent is down).
    if (marker !== undefined && object.replicas === 0) {
      return nothing(`${label} expired at ${expiredAt} and is at 0 replicas`);
    }
    // Like a suspend: a workload already at 0 keeps any earlier record and is never recorded as
    // 0. A re-expiry (scaled up by hand after it expired: the webhook fails open while the agent
    // is away, and a kube-apiserver without the `scale` rule let `kubectl scale` through) keeps
    // the count recorded at the first expiry — the hand count is not what an extension restores.
    const record = recordForScaleDown(object, marker !== undefined);
    const annotations: AnnotationPatch = {
      [EXPIRED_AT_ANNOTATION]: expiredAt,
      [ANNOTATIONS.expiryWarned]: null,
      ...record.annotations,
    };
    const kept =
      record.keptRecord === undefined
        ? ''
        : `; scaled up by hand to ${object.replicas} since, so the recorded ${record.keptRecord} replicas are kept`;
    return {
      kind: 'expire',
      validUntil,
      replicas: 0,
      annotations,
      ...(record.keptRecord === undefined ? {} : { keptRecord: record.keptRecord }),
      reason: `${label} expired at ${expiredAt}${kept}`,
      nextCheckAt: null,
    };
  }
  const nextCheckAt = nextExpiryCheckAt(validUntil, now, offsets);
  if (marker !== undefined && object.kind !== 'Pod') {
    return {
      kind: 'revive',
      validUntil,
      ...bringBack(object, context),
      reason: `${label} is valid again until ${expiredAt}`,
      nextCheckAt,
    };
  }
  const record =
    object.kind === 'Pod' ? context.warnedRecord : object.annotations[ANNOTATIONS.expiryWarned];
  const due = expiryWarningDue(validUntil, lastExpiryWarning(record, validUntil), now, offsets);
  if (due === null) return nothing(`${label} is valid until ${expiredAt}`, nextCheckAt);
  return {
    kind: 'warn',
    offsetMinutes: due,
    validUntil,
    annotations: { [ANNOTATIONS.expiryWarned]: formatOffsetRecord(due, validUntil * 1000) },
    reason: `${label} expires in ${due} minutes or less (at ${expiredAt})`,
    nextCheckAt,
  };
}

function nothing(reason: string, nextCheckAt: number | null = null): ExpiryNothing {
  return { kind: 'none', reason, nextCheckAt };
}

/**
 * Drop the expired marker; restore the recorded count unless the namespace is asleep. A workload
 * a person already scaled up by hand keeps their count: the extension is the explicit wake, and
 * the count they chose stands (as when a person wakes a suspended namespace by hand).
 */
function bringBack(
  object: TimeBombObservation,
  context: Pick<ExpiryContext, 'namespaceSuspended'>,
): { replicas?: number; annotations: AnnotationPatch } {
  const annotations: AnnotationPatch = { [EXPIRED_AT_ANNOTATION]: null };
  if (object.annotations[EXPIRED_AT_ANNOTATION] === undefined || context.namespaceSuspended) {
    return { annotations };
  }
  if (object.annotations[ANNOTATIONS.previousReplicas] === undefined) return { annotations };
  annotations[ANNOTATIONS.previousReplicas] = null;
  if (object.replicas > 0) return { annotations };
  // A malformed record cannot be restored; it is dropped so it is not mistaken for ours later.
  const recorded = recordedReplicas(object.annotations);
  return recorded === null ? { annotations } : { replicas: recorded, annotations };
}

/** Does an EXTEND for `prefix` (optionally one namespace) cover this object? */
export function extendMatches(
  object: TimeBombObservation,
  prefix: string,
  namespace = '',
): boolean {
  if (namespace !== '' && object.namespace !== namespace) return false;
  return skuMatchesPrefix(prefix, timeBombOf(object).sku);
}

/**
 * The changes an EXTEND makes to one workload or bare Pod: first one PATCH with the new validity
 * (and the command's id), then — for an expired workload that comes back — the scale write.
 * Crash-safe in that order: a fresh validity on a workload still marked expired is what the
 * time-bomb scheduler revives by itself.
 */
export interface ExtendPlan {
  validity: Validity;
  /** Pod template (a bare Pod's own annotations): the new `valid-until`, `valid-until-human`; never `timer`. */
  templateAnnotations: AnnotationPatch;
  /**
   * Metadata, in the same PATCH: warnings re-armed, the command id remembered, and for an expired
   * workload that does not come back to a recorded count, the marker (and a dropped record).
   */
  annotations: AnnotationPatch;
  /** Set when the workload had expired and comes back to its recorded count. */
  scale?: { replicas: number; annotations: AnnotationPatch };
  /** It had expired (and is now extended, and resumed unless the namespace is asleep). */
  wasExpired: boolean;
}

/** How many EXTEND ids a workload remembers (a hub re-delivers within minutes). */
const REMEMBERED_EXTENDS = 5;

/** This EXTEND already moved this object's validity (its id is in `curfew.dev/extend-ids`). */
export function extendApplied(object: TimeBombObservation, commandId: string): boolean {
  return commandIdsOf(object.annotations[ANNOTATIONS.extendIds]).includes(commandId);
}

/**
 * A new validity `durationMs` from now. The user's `timer` is left as they wrote it: it is
 * their manifest's value (a GitOps tool would revert an edit, or see drift), and the mutating
 * webhook re-stamps only when the timer changes or no validity is stamped — so the extension
 * survives a re-applied, unchanged manifest, and a changed timer still restarts the clock from
 * the new value. With a `commandId` the id is
 * remembered on the object in the same PATCH, so the same EXTEND delivered again (after an agent
 * restart) does not move the validity twice. Throws CurfewInputError for a duration outside what a
 * timer accepts.
 */
export function planExtend(
  object: TimeBombObservation,
  durationMs: number,
  context: Pick<ExpiryContext, 'now' | 'namespaceSuspended'> & { commandId?: string },
): ExtendPlan {
  // Only durations a timer could hold: the same limits as what people write.
  parseDuration(formatDuration(durationMs));
  const validity = validityAfter(durationMs, context.now);
  const back = bringBack(object, context);
  const wasExpired = object.annotations[EXPIRED_AT_ANNOTATION] !== undefined;
  const annotations: AnnotationPatch = { [ANNOTATIONS.expiryWarned]: null };
  if (context.commandId) {
    annotations[ANNOTATIONS.extendIds] = rememberCommandId(
      object.annotations[ANNOTATIONS.extendIds],
      context.commandId,
      REMEMBERED_EXTENDS,
    );
  }
  const comesBack = wasExpired && back.replicas !== undefined;
  if (wasExpired && !comesBack) Object.assign(annotations, back.annotations);
  return {
    validity,
    templateAnnotations: {
      [ANNOTATIONS.validUntil]: String(validity.validUntil),
      [ANNOTATIONS.validUntilHuman]: validity.validUntilHuman,
    },
    annotations,
    ...(comesBack && back.replicas !== undefined
      ? { scale: { replicas: back.replicas, annotations: back.annotations } }
      : {}),
    wasExpired,
  };
}

/** "3 workloads in 2 namespaces", for the EXTEND answer. */
export function extendSummary(matched: readonly { namespace: string }[]): string {
  const namespaces = new Set(matched.map((m) => m.namespace)).size;
  return `${plural(matched.length, 'workload')} in ${plural(namespaces, 'namespace')}`;
}
