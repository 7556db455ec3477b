import { describe, expect, it } from 'vitest';
import { at, escapeJsonPointer, jsonEqual } from '../../src/admission/admission-object.js';

describe('JSON helpers for admission', () => {
  it.each([
    {
      name: 'a slash in an annotation key becomes ~1',
      segment: 'curfew.dev/timer',
      want: 'curfew.dev~1timer',
    },
    { name: 'a tilde becomes ~0 before slashes are escaped', segment: 'a~/b', want: 'a~0~1b' },
    { name: 'a plain key is unchanged', segment: 'annotations', want: 'annotations' },
  ])('$name', ({ segment, want }) => {
    expect(escapeJsonPointer(segment)).toBe(want);
  });

  it.each([
    {
      name: 'objects with keys in another order are equal',
      a: { x: 1, y: [1, { z: 2 }] },
      b: { y: [1, { z: 2 }], x: 1 },
      equal: true,
    },
    {
      name: 'a missing key makes objects differ',
      a: { x: 1, y: undefined },
      b: { x: 1, z: undefined },
      equal: false,
    },
    { name: 'an extra key makes objects differ', a: { x: 1 }, b: { x: 1, y: 2 }, equal: false },
    { name: 'arrays of different length differ', a: [1, 2], b: [1], equal: false },
    { name: 'an array is not an object', a: [], b: {}, equal: false },
    {
      name: 'a changed nested value differs',
      a: { s: { c: [{ image: 'a' }] } },
      b: { s: { c: [{ image: 'b' }] } },
      equal: false,
    },
    { name: 'null equals only null', a: null, b: {}, equal: false },
  ])('$name', ({ a, b, equal }) => {
    expect(jsonEqual(a, b)).toBe(equal);
  });

  it('a path through a non-object is undefined', () => {
    expect(at({ a: 'text' }, 'a', 'b')).toBeUndefined();
    expect(at({ a: { b: 2 } }, 'a', 'b')).toBe(2);
  });
});
