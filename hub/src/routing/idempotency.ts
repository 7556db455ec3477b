/**
 * Idempotency keys name one request. A retry with the same key gets the first command back;
 * the same key with a different request is a client bug (or a guess at someone's key) and
 * must not silently return — or run — something other than what was asked.
 */
import { createHash } from 'node:crypto';
import { Action } from '@curfew/proto';
import type { DispatchRequest } from '../ports.js';

/** What makes two requests the same: everything the agent would act on. */
export function requestFingerprint(request: DispatchRequest): string {
  const parts = [
    request.action,
    request.clusterId,
    request.namespace ?? '',
    request.skuPrefix ?? '',
    request.durationMs ?? 0,
    request.supportName ?? '',
    request.supportSize ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** Thrown by dispatch when the key was used for another request; nothing was stored. */
export class IdempotencyKeyReusedError extends Error {
  /** "was already used for …; send a new Idempotency-Key …", to follow the key's name. */
  readonly detail: string;

  constructor(
    readonly commandId: string,
    readonly original: DispatchRequest | undefined,
  ) {
    const detail = `was already used for a different request (${describe(original)}, action ${commandId}); send a new Idempotency-Key for a new request, or repeat the original request exactly`;
    super(`the Idempotency-Key ${detail}`);
    this.name = 'IdempotencyKeyReusedError';
    this.detail = detail;
  }
}

function describe(request: DispatchRequest | undefined): string {
  if (!request) return 'an earlier request';
  const action = (Action[request.action] ?? 'unknown').toLowerCase();
  const what = request.namespace ?? request.skuPrefix ?? request.supportName ?? '';
  return `${action}${what ? ` ${what}` : ''} on ${request.clusterId}`;
}
