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

/** `request.resource`: which API resource was called (`apps/v1 deployments`). */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface AdmissionInput {
  /** `request.kind`: what the object is (for `/scale`, autoscaling/v1 Scale). */
  kind: GroupVersionKind;
  /** `request.resource`; absent in older callers, which only ever sent the object's own kind. */
  resource?: GroupVersionResource;
  /** `request.subResource`: `scale` for `kubectl scale`, empty for the object itself. */
  subResource?: string;
  /**
   * For a `scale` request: the Deployment or StatefulSet being scaled, as the agent last saw it
   * (a Scale carries no annotations, so the time bomb is read from the parent); undefined when
   * the agent does not know it.
   */
  parent?: unknown;
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
