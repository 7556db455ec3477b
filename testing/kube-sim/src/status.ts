import type { ResourceType } from './resources.js';
import { qualifiedName } from './resources.js';

/** A metav1.Status, the body of every error answer (and of some deletes). */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  /** A Status's ListMeta: only an expired continue token's replacement ever fills it. */
  metadata: { continue?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: Array<{ reason?: string; message: string; field?: string }>;
    retryAfterSeconds?: number;
  };
  code?: number;
}

/** Thrown anywhere in a request; the HTTP layer turns it into the Status the real server sends. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
    readonly listMeta: StatusBody['metadata'] = {},
  ) {
    super(message);
  }

  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: { ...this.listMeta },
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    // A webhook denial may carry no reason; the real Status then has none either.
    if (this.reason === '') delete body.reason;
    if (this.details) body.details = this.details;
    return body;
  }
}

function details(rt: ResourceType, name: string): NonNullable<StatusBody['details']> {
  return rt.group === '' ? { name, kind: rt.plural } : { name, group: rt.group, kind: rt.plural };
}

export function notFound(rt: ResourceType, name: string): ApiError {
  return new ApiError(
    404,
    'NotFound',
    `${qualifiedName(rt)} "${name}" not found`,
    details(rt, name),
  );
}

export function alreadyExists(rt: ResourceType, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedName(rt)} "${name}" already exists`,
    details(rt, name),
  );
}

export function conflict(rt: ResourceType, name: string, why: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(rt)} "${name}": ${why}`,
    details(rt, name),
  );
}

export const MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

export function forbidden(rt: ResourceType, name: string, why: string): ApiError {
  return new ApiError(
    403,
    'Forbidden',
    `${qualifiedName(rt)} "${name}" is forbidden: ${why}`,
    details(rt, name),
  );
}

export interface FieldCause {
  type:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueForbidden'
    | 'FieldValueNotSupported'
    | 'FieldValueDuplicate';
  field: string;
  detail: string;
}

/** 422 Invalid, with `Kind "name" is invalid: field: detail` like apimachinery's NewInvalid. */
export function invalid(rt: ResourceType, name: string, causes: FieldCause[]): ApiError {
  const msgs = causes.map((c) => `${c.field}: ${c.detail}`);
  const summary = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  const d: NonNullable<StatusBody['details']> = {
    name,
    kind: rt.kind,
    causes: causes.map((c) => ({ reason: c.type, message: c.detail, field: c.field })),
  };
  if (rt.group !== '') d.group = rt.group;
  // GroupKind.String(): `Deployment.apps`, plain `Pod` for the core group.
  const groupKind = rt.group === '' ? rt.kind : `${rt.kind}.${rt.group}`;
  return new ApiError(422, 'Invalid', `${groupKind} "${name}" is invalid: ${summary}`, d);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotSupported(rt: ResourceType, verb: string): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    `${verb} is not supported on resources of kind "${qualifiedName(rt)}"`,
    rt.group === '' ? { kind: rt.plural } : { group: rt.group, kind: rt.plural },
  );
}

export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function internal(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

export function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', {
    retryAfterSeconds,
  });
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

export function successStatus(rt: ResourceType, name: string, uid: string | undefined): StatusBody {
  const d: NonNullable<StatusBody['details']> = details(rt, name);
  if (uid) d.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: d };
}
