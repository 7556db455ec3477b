import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../object.js';
import { isPlainObject } from '../object.js';
import { ApiError, badRequest } from '../status.js';
import { PatchError } from './errors.js';
import { applyJsonPatch } from './json-patch.js';
import { jsonMergePatch } from './merge-patch.js';
import { strategicMerge, withoutDirectives } from './strategic-merge.js';

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

export type PatchKind = keyof typeof PATCH_TYPES;

export function patchKind(contentType: string | undefined, allowStrategic: boolean): PatchKind {
  const ct = (contentType ?? '').split(';')[0]?.trim() ?? '';
  for (const [k, v] of Object.entries(PATCH_TYPES)) {
    if (v === ct && (k !== 'strategic' || allowStrategic)) return k as PatchKind;
  }
  const accepted = Object.entries(PATCH_TYPES)
    .filter(([k]) => k !== 'strategic' || allowStrategic)
    .map(([, v]) => v)
    .join(', ');
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted}`,
  );
}

/**
 * The Status the handler sends for a patch that cannot be applied. The 422 is
 * NewGenericServerResponse(422, …, isUnexpectedResponse=false): no causes, so the reason the
 * patch failed never reaches the client and kubectl prints `The request is invalid: the server
 * rejected our request due to an error in our request`.
 */
function patchFailure(e: PatchError): ApiError {
  if (e.failure === 'BadRequest') return badRequest(e.message);
  if (e.failure === 'Invalid')
    return new ApiError(
      422,
      'Invalid',
      'the server rejected our request due to an error in our request',
      {},
    );
  // An error the handler does not classify: ErrorToAPIStatus's 500 with no reason.
  return new ApiError(500, '', e.message);
}

export function parsePatchBody(kind: PatchKind, body: string): unknown {
  try {
    return kind === 'apply' ? parseYaml(body) : JSON.parse(body);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/** Applies a JSON, merge or strategic patch to the current object (apply is handled by the caller). */
export function applyPatch(
  kind: Exclude<PatchKind, 'apply'>,
  current: KubeObject,
  patch: unknown,
): KubeObject {
  let out: unknown;
  try {
    if (kind === 'json') out = applyJsonPatch(current, patch);
    else if (kind === 'merge') {
      if (!isPlainObject(patch)) throw badRequest('Invalid JSON Patch');
      out = jsonMergePatch(current, patch);
    } else out = withoutDirectives(strategicMerge(current, patch));
  } catch (e) {
    if (e instanceof PatchError) throw patchFailure(e);
    throw e;
  }
  if (!isPlainObject(out) || !isPlainObject(out.metadata)) {
    throw patchFailure(new PatchError('Invalid', 'the patched object lost its metadata'));
  }
  return out as KubeObject;
}
