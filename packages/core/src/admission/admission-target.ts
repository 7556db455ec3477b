import { ANNOTATIONS } from '../common/annotations.js';
import { type ClusterPolicy, isSystemNamespace } from '../namespace/policy.js';
import { at, isRecord, type JsonRecord, stringAt } from './admission-object.js';
import type { AdmissionInput } from './admission-types.js';

/**
 * Where a time bomb lives: on a bare Pod its own annotations; on a Deployment or StatefulSet the
 * pod template's, because that is what every Pod it starts inherits (so the Pods carry the same
 * validity, and the agent and the validating webhook see it on both).
 */
export type TimeBombHolder = 'pod' | 'template';

const HOLDERS: ReadonlyMap<string, TimeBombHolder> = new Map([
  ['/Pod', 'pod'],
  ['apps/Deployment', 'template'],
  ['apps/StatefulSet', 'template'],
]);

const ANNOTATION_PATHS: Record<TimeBombHolder, readonly string[]> = {
  pod: ['metadata', 'annotations'],
  template: ['spec', 'template', 'metadata', 'annotations'],
};

/**
 * The holder when the time-bomb webhooks act on this request, else null: only CREATE and UPDATE
 * of Pods, Deployments and StatefulSets, and never in a system namespace (the webhook
 * configuration's selector excludes those too, but cannot express `kube-*` or prefixes).
 */
export function timeBombHolder(
  input: AdmissionInput,
  policy: ClusterPolicy,
): TimeBombHolder | null {
  if (input.operation !== 'CREATE' && input.operation !== 'UPDATE') return null;
  if (input.namespace === '' || isSystemNamespace(input.namespace, policy)) return null;
  return HOLDERS.get(`${input.kind.group}/${input.kind.kind}`) ?? null;
}

/** `metadata.annotations` or `spec.template.metadata.annotations`, for messages. */
export function annotationsFieldPath(holder: TimeBombHolder): string {
  return ANNOTATION_PATHS[holder].join('.');
}

/** The JSON Pointer of the annotations map. */
export function annotationsPointer(holder: TimeBombHolder): string {
  return `/${ANNOTATION_PATHS[holder].join('/')}`;
}

/** The time-bomb annotations as found on the object (absent keys are undefined). */
export interface TimeBombFields {
  /** The holder's annotations map (where validity is stamped), or undefined when absent. */
  annotations: JsonRecord | undefined;
  timer: string | undefined;
  /** Where the timer was found, for messages (`spec.template.metadata.annotations`). */
  timerField: string;
  sku: string | undefined;
  skuField: string;
  validUntil: string | undefined;
}

/**
 * Reads the time bomb. For workloads the pod template's annotations come first; a timer or SKU
 * on the workload's own metadata is honoured when the template has none, because
 * `kubectl annotate deployment/web curfew.dev/timer=1h` is what people naturally type. Validity
 * is only ever read from (and stamped on) the holder.
 */
export function readTimeBomb(object: unknown, holder: TimeBombHolder): TimeBombFields {
  const own = annotationsOf(object, ANNOTATION_PATHS[holder]);
  const meta = holder === 'template' ? annotationsOf(object, ANNOTATION_PATHS.pod) : undefined;
  const ownField = annotationsFieldPath(holder);
  const metaField = annotationsFieldPath('pod');
  const ownTimer = stringAt(own, ANNOTATIONS.timer);
  const ownSku = stringAt(own, ANNOTATIONS.sku);
  return {
    annotations: own,
    timer: ownTimer ?? stringAt(meta, ANNOTATIONS.timer),
    timerField: ownTimer !== undefined || meta === undefined ? ownField : metaField,
    sku: ownSku ?? stringAt(meta, ANNOTATIONS.sku),
    skuField: ownSku !== undefined || meta === undefined ? ownField : metaField,
    validUntil: stringAt(own, ANNOTATIONS.validUntil),
  };
}

function annotationsOf(object: unknown, path: readonly string[]): JsonRecord | undefined {
  const found = at(object, ...path);
  return isRecord(found) ? found : undefined;
}

/** `Deployment dev/web`, or `Pod dev/web-7d4b9-…` for a Pod named by generateName. */
export function describeObject(input: AdmissionInput): string {
  const name =
    input.name || stringAt(input.object, 'metadata', 'name') || generatedName(input.object);
  return `${input.kind.kind} ${input.namespace}/${name}`;
}

function generatedName(object: unknown): string {
  const prefix = stringAt(object, 'metadata', 'generateName');
  return prefix === undefined ? '(unnamed)' : `${prefix}…`;
}
