import { describe, expect, it } from 'vitest';
import { plural } from '../../src/common/plural.js';

describe('plural', () => {
  it.each([
    {
      name: 'one thing is singular',
      count: 1,
      one: 'workload',
      many: undefined,
      text: '1 workload',
    },
    {
      name: 'two things take an s',
      count: 2,
      one: 'workload',
      many: undefined,
      text: '2 workloads',
    },
    { name: 'nothing is plural', count: 0, one: 'workload', many: undefined, text: '0 workloads' },
    {
      name: 'an irregular plural is used as given',
      count: 3,
      one: 'is',
      many: 'are',
      text: '3 are',
    },
  ])('$name', ({ count, one, many, text }) => {
    expect(plural(count, one, many)).toBe(text);
  });
});
