import { ANNOTATIONS } from '../common/annotations.js';
import type { ClusterPolicy } from '../namespace/policy.js';
import { parseValidUntil, type Validity, validityFromTimer } from '../time-bombs/validity.js';
import { at, escapeJsonPointer, isRecord } from './admission-object.js';
import {
  annotationsPointer,
  describeObject,
  readTimeBomb,
  type TimeBombFields,
  type TimeBombHolder,
  timeBombHolder,
} from './admission-target.js';
import { inputProblem } from './admission-timer.js';
import {
  ADMISSION_ALLOWED,
  type AdmissionDecision,
  type AdmissionInput,
  type JsonPatchOperation,
} from './admission-types.js';

/**
 * The mutating webhook: turns `curfew.dev/timer` into `curfew.dev/valid-until` (unix seconds)
 * and `curfew.dev/valid-until-human` on the Pod, or on the pod template of a Deployment or
 * StatefulSet. Stamps on CREATE, and on UPDATE only when the timer changed or no (readable)
 * validity is stamped, so re-applying an unchanged manifest never restarts the clock.
 * A bad timer or SKU is refused here (allowed: false) with the accepted forms.
 */
export function decideMutation(
  input: AdmissionInput,
  policy: ClusterPolicy,
  now: number,
): AdmissionDecision {
  const holder = timeBombHolder(input, policy);
  if (holder === null) return ADMISSION_ALLOWED;
  const fields = readTimeBomb(input.object, holder);
  const old = input.operation === 'UPDATE' ? readTimeBomb(input.oldObject, holder) : undefined;
  const problem = inputProblem(fields, old, describeObject(input));
  if (problem !== null)
    return { allowed: false, code: 400, reason: 'BadRequest', message: problem };
  if (fields.timer === undefined || !needsStamp(input, holder, fields, old)) {
    return ADMISSION_ALLOWED;
  }
  // inputProblem has parsed the timer when it is new or changed; an unchanged timer on an
  // object without validity can still be bad (admitted while the webhook was down).
  let validity: Validity;
  try {
    validity = validityFromTimer(fields.timer, now);
  } catch {
    return ADMISSION_ALLOWED;
  }
  return { allowed: true, patch: stampPatch(input.object, holder, fields, validity), warnings: [] };
}

function needsStamp(
  input: AdmissionInput,
  holder: TimeBombHolder,
  fields: TimeBombFields,
  old: TimeBombFields | undefined,
): boolean {
  const stamped = parseValidUntil(fields.validUntil) !== null;
  if (input.operation === 'UPDATE') return fields.timer !== old?.timer || !stamped;
  // A Pod a controller creates inherits its template's validity: re-stamping it from the timer
  // would restart the clock on every new Pod and defuse the time bomb.
  if (holder === 'pod' && stamped && hasControllerOwner(input.object)) return false;
  return true;
}

function hasControllerOwner(object: unknown): boolean {
  const owners = at(object, 'metadata', 'ownerReferences');
  return Array.isArray(owners) && owners.some((o) => isRecord(o) && o.controller === true);
}

function stampPatch(
  object: unknown,
  holder: TimeBombHolder,
  fields: TimeBombFields,
  validity: Validity,
): JsonPatchOperation[] {
  const values = {
    [ANNOTATIONS.validUntil]: String(validity.validUntil),
    [ANNOTATIONS.validUntilHuman]: validity.validUntilHuman,
  };
  const pointer = annotationsPointer(holder);
  if (fields.annotations !== undefined) {
    // `add` on an existing member replaces it (RFC 6902 4.1), so one op form serves both.
    return Object.entries(values).map(([key, value]) => ({
      op: 'add',
      path: `${pointer}/${escapeJsonPointer(key)}`,
      value,
    }));
  }
  // Only a workload can get here (its timer sat on its own metadata): the template may have
  // no annotations, or not even metadata. Without a template the API server refuses the
  // object anyway; a patch into it would only turn that clear error into a patch failure.
  if (!isRecord(at(object, 'spec', 'template'))) return [];
  if (isRecord(at(object, 'spec', 'template', 'metadata'))) {
    return [{ op: 'add', path: pointer, value: values }];
  }
  return [{ op: 'add', path: '/spec/template/metadata', value: { annotations: values } }];
}
