import { describe, expect, it } from 'vitest';
import { dnsLabelProblem, isDnsLabel } from '../../src/common/dns.js';

describe('DNS-1123 labels', () => {
  it.each([
    { name: 'a simple name is fine', value: 'dev-alice', problem: null },
    { name: 'digits are fine', value: '0day', problem: null },
    { name: 'an empty name is empty', value: '', problem: /is empty/ },
    {
      name: 'a long name gives its length and the limit',
      value: 'a'.repeat(64),
      problem: /64 characters long; the limit is 63/,
    },
    { name: 'upper case asks for lower case', value: 'Dev', problem: /use lower case/ },
    { name: 'a dot is named', value: 'dev.alice', problem: /contains '\.'/ },
    { name: 'an underscore is named', value: 'dev_alice', problem: /contains '_'/ },
    {
      name: 'a leading dash is refused',
      value: '-dev',
      problem: /start and end with a letter or digit/,
    },
    { name: 'a trailing dash is refused', value: 'dev-', problem: /start and end/ },
  ])('$name', ({ value, problem }) => {
    const result = dnsLabelProblem(value, 'namespace name');
    if (problem === null) expect(result).toBeNull();
    else expect(result).toMatch(problem);
    expect(isDnsLabel(value)).toBe(problem === null);
  });
});
