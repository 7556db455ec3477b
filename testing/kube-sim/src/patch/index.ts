import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../object.js';
import { isPlainObject } from '../object.js';
import { ApiError, badRequest } from '../status.js';
import { applyJsonPatch, JsonPatchDecodeError, JsonPatchError } from './json-patch.js';
import { jsonMergePatch } from './merge-patch.js';
import { StrategicMergeError, strategicMerge } from './strategic-merge.js';

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

/** The real server's 422 for a patch that does not apply (a failed `test`, a missing path). */
function unprocessable(message: string): ApiError {
  return new ApiError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    {
      causes: [{ reason: 'UnexpectedServerResponse', message }],
    },
  );
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
      if (!isPlainObject(patch)) throw badRequest('merge patch must be a JSON object');
      out = jsonMergePatch(current, patch);
    } else out = strategicMerge(current, patch);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e instanceof JsonPatchDecodeError) throw badRequest(e.message);
    if (e instanceof JsonPatchError) throw unprocessable(e.message);
    if (e instanceof StrategicMergeError) throw badRequest(e.message);
    throw e;
  }
  if (!isPlainObject(out) || !isPlainObject(out.metadata)) {
    throw unprocessable('the patched object is not a Kubernetes object (it lost its metadata)');
  }
  return out as KubeObject;
}
