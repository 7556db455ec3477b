import { ANNOTATIONS, type AnnotationPatch } from '../common/annotations.js';
import { formatDuration, parseDuration } from '../common/duration.js';
import { formatInstant } from '../common/instant.js';
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

/**
 * On a workload: the ISO-8601 instant of the validity that expired it. It tells an expiry from a
 * namespace suspend (both leave `previous-replicas`): a namespace resume leaves expired workloads
 * at 0, and an extension brings back only workloads carrying it.
 */
export const EXPIRED_AT_ANNOTATION = 'curfew.dev/expired-at';

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
    const annotations: AnnotationPatch = {
      [EXPIRED_AT_ANNOTATION]: expiredAt,
      [ANNOTATIONS.expiryWarned]: null,
    };
    // Like a suspend: a workload already at 0 keeps any earlier record and is never recorded as 0.
    if (object.replicas > 0) annotations[ANNOTATIONS.previousReplicas] = String(object.replicas);
    return {
      kind: 'expire',
      validUntil,
      replicas: 0,
      annotations,
      reason: `${label} expired at ${expiredAt}`,
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

/** Drop the expired marker; restore the recorded count unless the namespace is asleep. */
function bringBack(
  object: TimeBombObservation,
  context: ExpiryContext,
): { replicas?: number; annotations: AnnotationPatch } {
  const annotations: AnnotationPatch = { [EXPIRED_AT_ANNOTATION]: null };
  if (object.annotations[EXPIRED_AT_ANNOTATION] === undefined || context.namespaceSuspended) {
    return { annotations };
  }
  const recorded = object.annotations[ANNOTATIONS.previousReplicas];
  if (recorded === undefined) return { annotations };
  annotations[ANNOTATIONS.previousReplicas] = null;
  // A malformed record cannot be restored; it is dropped so it is not mistaken for ours later.
  return /^\d+$/.test(recorded) ? { replicas: Number(recorded), annotations } : { annotations };
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

/** The changes an EXTEND makes to one workload, all in one PATCH. */
export interface ExtendPlan {
  validity: Validity;
  /** Pod template: new `timer`, `valid-until`, `valid-until-human`. */
  templateAnnotations: AnnotationPatch;
  /** Workload metadata: warnings re-armed; expired marker and record dropped when resumed. */
  annotations: AnnotationPatch;
  /** Set when the workload had expired and comes back. */
  replicas?: number;
  /** It had expired (and is now extended, and resumed unless the namespace is asleep). */
  wasExpired: boolean;
}

/**
 * A new validity `durationMs` from now on the pod template. The timer is rewritten too, so the
 * mutating webhook (which re-stamps when the timer changes) agrees with the agent, and a
 * re-applied manifest with the old timer is seen as a change, not silently restarted.
 * Throws CurfewInputError for a duration outside what a timer accepts.
 */
export function planExtend(
  object: TimeBombObservation,
  durationMs: number,
  context: Pick<ExpiryContext, 'now' | 'namespaceSuspended'>,
): ExtendPlan {
  const timer = formatDuration(durationMs);
  parseDuration(timer);
  const validity = validityAfter(durationMs, context.now);
  const { replicas, annotations } = bringBack(object, context);
  const wasExpired = object.annotations[EXPIRED_AT_ANNOTATION] !== undefined;
  return {
    validity,
    templateAnnotations: {
      [ANNOTATIONS.timer]: timer,
      [ANNOTATIONS.validUntil]: String(validity.validUntil),
      [ANNOTATIONS.validUntilHuman]: validity.validUntilHuman,
    },
    annotations: {
      ...(wasExpired ? annotations : {}),
      [ANNOTATIONS.expiryWarned]: null,
    },
    ...(replicas === undefined ? {} : { replicas }),
    wasExpired,
  };
}

/** "3 workloads in 2 namespaces", for the EXTEND answer. */
export function extendSummary(matched: readonly { namespace: string }[]): string {
  const namespaces = new Set(matched.map((m) => m.namespace)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(matched.length, 'workload')} in ${plural(namespaces, 'namespace')}`;
}
