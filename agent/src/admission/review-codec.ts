import type { AdmissionDecision, AdmissionInput } from '@curfew/core';

/**
 * AdmissionReview v1 in and out. The API server sends `request`; we answer `response` with the
 * same `uid` (it rejects any other), a base64 JSONPatch when there is one, and a Status with the
 * message when refusing.
 */
export const REVIEW_API_VERSION = 'admission.k8s.io/v1';

export interface ParsedReview {
  uid: string;
  input: AdmissionInput;
}

/** A request the server cannot decide on; `message` goes back as the 400 body. */
export class BadReviewError extends Error {
  override readonly name = 'BadReviewError';
}

const HINT = 'Send an admission.k8s.io/v1 AdmissionReview with a request (as kube-apiserver does).';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function field(parent: Json, key: string, where: string): string {
  const value = parent[key];
  if (typeof value !== 'string' || value === '') {
    throw new BadReviewError(`${where}.${key} is missing or not a string. ${HINT}`);
  }
  return value;
}

/** Parses a request body; throws BadReviewError saying what is wrong. */
export function parseReview(body: string): ParsedReview {
  let review: unknown;
  try {
    review = JSON.parse(body);
  } catch (e) {
    throw new BadReviewError(`The body is not JSON (${(e as Error).message}). ${HINT}`);
  }
  if (!isObject(review)) throw new BadReviewError(`The body is not a JSON object. ${HINT}`);
  if (review.apiVersion !== REVIEW_API_VERSION || review.kind !== 'AdmissionReview') {
    throw new BadReviewError(
      `Expected apiVersion ${REVIEW_API_VERSION} and kind AdmissionReview, got ` +
        `${JSON.stringify(review.apiVersion)} and ${JSON.stringify(review.kind)}: the webhook ` +
        'configurations must list admissionReviewVersions [v1].',
    );
  }
  const request = review.request;
  if (!isObject(request)) throw new BadReviewError(`request is missing. ${HINT}`);
  const kind = request.kind;
  if (!isObject(kind)) throw new BadReviewError(`request.kind is missing. ${HINT}`);
  const resource = request.resource;
  return {
    uid: field(request, 'uid', 'request'),
    input: {
      kind: {
        // The core group is the empty string, so only its type is checked.
        group: typeof kind.group === 'string' ? kind.group : '',
        version: field(kind, 'version', 'request.kind'),
        kind: field(kind, 'kind', 'request.kind'),
      },
      ...(isObject(resource)
        ? {
            resource: {
              group: typeof resource.group === 'string' ? resource.group : '',
              version: field(resource, 'version', 'request.resource'),
              resource: field(resource, 'resource', 'request.resource'),
            },
          }
        : {}),
      // `scale` for `kubectl scale`: the object is then an autoscaling/v1 Scale.
      subResource: typeof request.subResource === 'string' ? request.subResource : '',
      operation: field(request, 'operation', 'request'),
      namespace: typeof request.namespace === 'string' ? request.namespace : '',
      name: typeof request.name === 'string' ? request.name : '',
      object: request.object,
      oldObject: request.oldObject,
    },
  };
}

/** The response body for a decision. */
export function renderReview(uid: string, decision: AdmissionDecision): string {
  const response: Json = { uid, allowed: decision.allowed };
  if (decision.allowed) {
    if (decision.patch.length > 0) {
      response.patchType = 'JSONPatch';
      response.patch = Buffer.from(JSON.stringify(decision.patch)).toString('base64');
    }
    if (decision.warnings.length > 0) response.warnings = decision.warnings;
  } else {
    response.status = {
      code: decision.code,
      reason: decision.reason,
      message: decision.message,
    };
  }
  return JSON.stringify({ apiVersion: REVIEW_API_VERSION, kind: 'AdmissionReview', response });
}
