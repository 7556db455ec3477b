/**
 * The slice of an admission.k8s.io/v1 AdmissionReview request the time-bomb webhooks decide on,
 * and what they answer. Objects stay `unknown` JSON: the API server sends whatever the user
 * wrote, and the decisions must cope with any shape rather than trust a type.
 */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface AdmissionInput {
  /** `request.kind`: what the object is (for `/scale` it would be autoscaling/v1 Scale). */
  kind: GroupVersionKind;
  /** CREATE, UPDATE, DELETE or CONNECT. */
  operation: string;
  /** Empty for cluster-scoped objects. */
  namespace: string;
  /** Empty on CREATE with generateName (Pods made by controllers). */
  name: string;
  object: unknown;
  /** Set on UPDATE (and DELETE); null or undefined otherwise. */
  oldObject: unknown;
}

/** An RFC 6902 operation; the webhooks only ever add (which also replaces an existing member). */
export interface JsonPatchOperation {
  op: 'add';
  path: string;
  value: unknown;
}

export interface AdmissionAllowed {
  allowed: true;
  /** Empty when nothing changes (the server then sends no patch at all). */
  patch: readonly JsonPatchOperation[];
  /** Shown by kubectl as `Warning: …`. */
  warnings: readonly string[];
}

export interface AdmissionDenied {
  allowed: false;
  /** HTTP status the API server returns to the client (400 bad input, 403 expired). */
  code: number;
  reason: 'BadRequest' | 'Forbidden';
  /** Says what is wrong and what to do; kubectl prints it after `admission webhook "…" denied the request:`. */
  message: string;
}

export type AdmissionDecision = AdmissionAllowed | AdmissionDenied;

export const ADMISSION_ALLOWED: AdmissionAllowed = Object.freeze({
  allowed: true,
  patch: Object.freeze([]),
  warnings: Object.freeze([]),
}) as AdmissionAllowed;
