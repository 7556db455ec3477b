import { ANNOTATIONS } from '../common/annotations.js';
import type { ClusterPolicy } from '../namespace/policy.js';
import { isExpired, parseValidUntil, validityAt } from '../time-bombs/validity.js';
import { DEFAULT_SLASH_COMMAND, extendAdvice } from './admission-extend.js';
import { at, isRecord, jsonEqual } from './admission-object.js';
import {
  annotationsFieldPath,
  describeObject,
  readTimeBomb,
  type TimeBombHolder,
  timeBombHolder,
} from './admission-target.js';
import { inputProblem } from './admission-timer.js';
import {
  ADMISSION_ALLOWED,
  type AdmissionDecision,
  type AdmissionInput,
} from './admission-types.js';

/**
 * The validating webhook: refuses Pods, Deployments and StatefulSets whose `valid-until` has
 * passed, saying how to extend them. It sees the object after the mutating webhook, so a new
 * or changed timer has already been turned into a fresh validity.
 *
 * On UPDATE an expired object is refused only when the change would run something (a new pod
 * template, more replicas, a changed Pod spec). Winding down and metadata changes pass: the
 * agent's own scale-to-0 with `previous-replicas`, finalizer removal, labels.
 */
export function decideValidation(
  request: AdmissionInput,
  policy: ClusterPolicy,
  now: number,
  /** The Slack command as installed (its name is configurable). */
  slashCommand: string = DEFAULT_SLASH_COMMAND,
): AdmissionDecision {
  const input = request.subResource === 'scale' ? scaledParent(request) : request;
  if (input === null) return ADMISSION_ALLOWED;
  const holder = timeBombHolder(input, policy);
  if (holder === null) return ADMISSION_ALLOWED;
  const fields = readTimeBomb(input.object, holder);
  const old = input.operation === 'UPDATE' ? readTimeBomb(input.oldObject, holder) : undefined;
  const problem = inputProblem(fields, old, describeObject(input));
  if (problem !== null)
    return { allowed: false, code: 400, reason: 'BadRequest', message: problem };
  // A malformed valid-until is not "expired": the mutating webhook re-stamps it from the timer.
  const validUntil = parseValidUntil(fields.validUntil);
  if (validUntil === null || !isExpired(validUntil, now)) return ADMISSION_ALLOWED;
  if (input.operation === 'UPDATE' && !runsMore(input.object, input.oldObject, holder)) {
    return ADMISSION_ALLOWED;
  }
  const expiredAt = validityAt(validUntil).validUntilHuman;
  return {
    allowed: false,
    code: 403,
    reason: 'Forbidden',
    message:
      `${describeObject(input)} expired at ${expiredAt} (${ANNOTATIONS.validUntil} in ` +
      `${annotationsFieldPath(holder)}). ${extendAdvice(input, holder, fields.sku, slashCommand)}`,
  };
}

function runsMore(object: unknown, oldObject: unknown, holder: TimeBombHolder): boolean {
  if (holder === 'pod') return !jsonEqual(at(object, 'spec'), at(oldObject, 'spec'));
  return (
    replicas(object) > replicas(oldObject) ||
    !jsonEqual(at(object, 'spec', 'template'), at(oldObject, 'spec', 'template'))
  );
}

/** `spec.replicas`, which the API server defaults to 1 when absent. */
function replicas(object: unknown): number {
  const spec = at(object, 'spec');
  const value = isRecord(spec) ? spec.replicas : undefined;
  return typeof value === 'number' ? value : 1;
}

const SCALABLE: ReadonlyMap<string, string> = new Map([
  ['deployments', 'Deployment'],
  ['statefulsets', 'StatefulSet'],
]);

/**
 * `kubectl scale` goes through the `scale` subresource: the API server sends autoscaling/v1
 * Scale objects (old and new), which carry the replicas and no annotations — so no time bomb.
 * The request is judged as the same change made to the parent workload (its replicas set as in
 * each Scale), which gives the same refusal and the same "how to extend" message as scaling the
 * Deployment itself. Null (allowed) when it is not a Deployment's or StatefulSet's, or the parent
 * is not known: fail open, like the webhook's failurePolicy.
 */
function scaledParent(input: AdmissionInput): AdmissionInput | null {
  const resource = input.resource;
  const kind = resource && resource.group === 'apps' ? SCALABLE.get(resource.resource) : undefined;
  if (kind === undefined || !isRecord(input.parent)) return null;
  const parent = input.parent;
  const withReplicas = (scale: unknown) => {
    const spec = isRecord(parent.spec) ? parent.spec : {};
    return { ...parent, spec: { ...spec, replicas: scaleReplicas(scale) } };
  };
  return {
    ...input,
    kind: { group: 'apps', version: resource?.version ?? 'v1', kind },
    subResource: '',
    object: withReplicas(input.object),
    oldObject: input.operation === 'UPDATE' ? withReplicas(input.oldObject) : input.oldObject,
  };
}

/** A Scale's `spec.replicas` (0 when absent: the Scale's own default). */
function scaleReplicas(scale: unknown): number {
  const spec = at(scale, 'spec');
  const value = isRecord(spec) ? spec.replicas : undefined;
  return typeof value === 'number' ? value : 0;
}
