import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/common/closest-match.js';

const NAMESPACES = ['team-a', 'team-b', 'payments', 'demo', 'checkout'];

describe('closestMatch', () => {
  it.each([
    { name: 'one letter swapped in a long name is found', typed: 'paymetns', best: 'payments' },
    { name: 'a missing letter is found', typed: 'chekout', best: 'checkout' },
    { name: 'case does not matter', typed: 'DEMO', best: 'demo' },
    { name: 'a short word allows one edit only', typed: 'dxmx', best: undefined },
    { name: 'the closest of several near ones wins', typed: 'team-c', best: 'team-a' },
    { name: 'nothing close gives no suggestion', typed: 'billing', best: undefined },
    { name: 'an exact match is its own suggestion', typed: 'demo', best: 'demo' },
  ])('$name', ({ typed, best }) => {
    expect(closestMatch(typed, NAMESPACES)).toBe(best);
  });

  it('suggests nothing from no candidates', () => {
    expect(closestMatch('demo', [])).toBeUndefined();
  });
});

describe('editDistance', () => {
  it.each([
    { name: 'equal words are 0 apart', a: 'suspend', b: 'suspend', d: 0 },
    { name: 'a substitution costs one', a: 'stop', b: 'stap', d: 1 },
    { name: 'a transposition costs two', a: 'stop', b: 'sotp', d: 2 },
    { name: 'the empty word is as far as the other is long', a: '', b: 'list', d: 4 },
  ])('$name', ({ a, b, d }) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
