import { describe, expect, it } from 'vitest';
import { CurfewInputError } from '../../src/common/errors.js';
import { parseSku, skuMatchesPrefix } from '../../src/time-bombs/sku.js';

describe('parseSku', () => {
  it('a path is split into its segments', () => {
    expect(parseSku(' /tribe/squad/app-1_v2.0 ')).toEqual({
      path: '/tribe/squad/app-1_v2.0',
      segments: ['tribe', 'squad', 'app-1_v2.0'],
    });
  });

  it.each([
    { name: 'an empty SKU is rejected', text: '', message: /empty/ },
    {
      name: 'a SKU without a leading slash is rejected',
      text: 'tribe/squad',
      message: /does not start with '\/'/,
    },
    { name: 'a lone slash is rejected', text: '/', message: /empty segment 1/ },
    { name: 'a double slash is rejected', text: '/tribe//app', message: /empty segment 2/ },
    { name: 'a trailing slash is rejected', text: '/tribe/', message: /empty segment 2/ },
    {
      name: 'upper case is rejected',
      text: '/Tribe',
      message: /upper-case letters in segment 'Tribe'/,
    },
    { name: 'a space is named', text: '/tribe/my app', message: /' ' in segment 'my app'/ },
    { name: 'a lone dot is not a segment', text: '/.', message: /segment '\.' is only dots/ },
    { name: 'a parent step is not a segment', text: '/..', message: /segment '\.\.' is only dots/ },
    {
      name: 'a parent step deeper in the path is refused too',
      text: '/tribe/../x',
      message: /segment '\.\.' is only dots/,
    },
    {
      name: 'an SKU over 4 KiB is refused before it is read',
      text: `/${'a'.repeat(5000)}`,
      message: /5001 characters long/,
    },
  ])('$name', ({ text, message }) => {
    expect(() => parseSku(text)).toThrow(CurfewInputError);
    expect(() => parseSku(text)).toThrow(message);
  });
});

describe('skuMatchesPrefix', () => {
  it.each([
    { name: 'a prefix matches itself', prefix: '/tribe', sku: '/tribe', match: true },
    { name: 'a prefix matches a deeper SKU', prefix: '/tribe', sku: '/tribe/a', match: true },
    {
      name: 'a prefix does not match a longer segment',
      prefix: '/tribe',
      sku: '/tribes',
      match: false,
    },
    {
      name: 'a deeper prefix does not match a shorter SKU',
      prefix: '/tribe/a',
      sku: '/tribe',
      match: false,
    },
    {
      name: 'a different middle segment does not match',
      prefix: '/tribe/a/app',
      sku: '/tribe/b/app',
      match: false,
    },
    { name: 'an invalid prefix matches nothing', prefix: 'tribe', sku: '/tribe', match: false },
    { name: 'an invalid SKU is never matched', prefix: '/tribe', sku: '/tribe//x', match: false },
    { name: 'a parent step matches nothing', prefix: '/..', sku: '/../x', match: false },
  ])('$name', ({ prefix, sku, match }) => {
    expect(skuMatchesPrefix(prefix, sku)).toBe(match);
  });
});
