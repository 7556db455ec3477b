import { goTypeName, goValue } from '../go-format.js';

/**
 * How the apiserver answers a patch that cannot be applied (interpretStrategicMergePatchError
 * and the JSON patch handler): `BadRequest` is 400 with the message, `Invalid` is the bare 422
 * NewGenericServerResponse builds (its message is not shown to the client), and `Internal`
 * is an error the handler does not classify, which the real server sends as a 500 Status
 * with no reason.
 */
export type PatchFailure = 'BadRequest' | 'Invalid' | 'Internal';

export class PatchError extends Error {
  constructor(
    readonly failure: PatchFailure,
    message: string,
  ) {
    super(message);
  }
}

// mergepatch's sentinel errors.
export const ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST = 'invalid patch format of primitive list';
export const ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS = 'invalid patch format of retainKeys';
export const ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST =
  'invalid patch format of setElementOrder list';

/** mergepatch.ErrNoMergeKey. */
export function noMergeKey(m: Record<string, unknown>, key: string): PatchError {
  return new PatchError(
    'Internal',
    `map: ${goValue(m)} does not contain declared merge key: ${key}`,
  );
}

/** mergepatch.ErrBadArgType: `expected` is only looked at for its type. */
export function badArgType(expected: unknown, actual: unknown): PatchError {
  return new PatchError(
    'Internal',
    `expected a ${goTypeName(expected)}, but received a ${goTypeName(actual)}`,
  );
}

/** mergepatch.ErrBadPatchType. */
export function badPatchType(t: unknown, m: Record<string, unknown>): PatchError {
  return new PatchError('Internal', `unknown patch type: ${goValue(t)} in map: ${goValue(m)}`);
}
