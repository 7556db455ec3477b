import { describe, expect, it } from 'vitest';
import {
  ANNOTATIONS,
  applyAnnotationPatch,
  CURFEW_PREFIX,
  LABELS,
} from '../../src/common/annotations.js';
import { CurfewInputError, isCurfewInputError } from '../../src/common/errors.js';

describe('annotation keys', () => {
  it('every key is under the curfew.dev/ prefix and unique', () => {
    const keys = [...Object.values(ANNOTATIONS), ...Object.values(LABELS)];
    for (const key of keys) expect(key.startsWith(CURFEW_PREFIX)).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a patch sets values and null removes keys, without touching the input', () => {
    const before = { a: '1', b: '2' };
    expect(applyAnnotationPatch(before, { a: null, c: '3' })).toEqual({ b: '2', c: '3' });
    expect(before).toEqual({ a: '1', b: '2' });
  });
});

describe('CurfewInputError', () => {
  it('carries a hint saying what to do and is recognisable', () => {
    const e = new CurfewInputError('bad', 'do better');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('CurfewInputError');
    expect(e.hint).toBe('do better');
    expect(isCurfewInputError(e)).toBe(true);
    expect(isCurfewInputError(new Error('bad'))).toBe(false);
  });
});
