import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../src/common/instant.js';

describe('instants in annotations', () => {
  it('whole seconds are written without milliseconds, like Kubernetes timestamps', () => {
    expect(formatInstant(Date.parse('2026-11-04T18:00:00Z'))).toBe('2026-11-04T18:00:00Z');
  });

  it('milliseconds are kept when present so nothing is lost on the round trip', () => {
    expect(formatInstant(Date.parse('2026-11-04T18:00:00.250Z'))).toBe('2026-11-04T18:00:00.250Z');
  });

  it.each([
    {
      name: 'UTC with Z parses',
      text: '2026-11-04T18:00:00Z',
      ms: Date.parse('2026-11-04T18:00:00Z'),
    },
    {
      name: 'an offset parses',
      text: ' 2026-11-04T19:00:00+01:00 ',
      ms: Date.parse('2026-11-04T18:00:00Z'),
    },
    { name: 'a missing value is null', text: undefined, ms: null },
    {
      name: 'a date without zone is null (it would be read in local time)',
      text: '2026-11-04T18:00:00',
      ms: null,
    },
    { name: 'prose is null', text: 'tomorrow', ms: null },
    { name: 'an impossible hour is null', text: '2026-11-04T25:00:00Z', ms: null },
  ])('$name', ({ text, ms }) => {
    expect(parseInstant(text)).toBe(ms);
  });
});
