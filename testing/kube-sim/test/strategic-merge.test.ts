import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { goValue } from '../src/go-format.js';
import { PatchError } from '../src/patch/errors.js';
import type { ListStrategy, PatchSchema } from '../src/patch/merge-keys.js';
import { strategicMerge } from '../src/patch/strategic-merge.js';

// The cases of apimachinery's strategicpatch/patch_test.go, run against our port with the
// same test type (MergeItem) those cases were written for.

type Obj = Record<string, unknown>;
interface Case {
  description: string;
  original?: Obj;
  twoWay: Obj;
  modified?: Obj;
  twoWayResult?: Obj;
  current?: Obj;
  threeWay?: Obj;
  result?: Obj;
  expectedError?: string;
}

const cases = parse(
  readFileSync(new URL('./fixtures/strategic-merge-cases.yaml', import.meta.url), 'utf8'),
) as { raw: Case[]; sorted: Case[] };

/** MergeItem's (and RetainKeysMergeItem's) patchStrategy/patchMergeKey tags. */
const MERGE_ITEM: PatchSchema = {
  list(field): ListStrategy {
    if (['mergingList', 'mergeItemPtr', 'retainKeysMergingList'].includes(field))
      return { kind: 'merge', key: 'name' };
    if (field === 'mergingIntList') return { kind: 'set' };
    return { kind: 'replace' };
  },
  replacesMap: (field) => field === 'replacingItem',
};

/** sortMergeListsByName: what upstream does to a YAML case's documents before comparing. */
function sortMergeLists(v: unknown): unknown {
  if (Array.isArray(v) || v === null || typeof v !== 'object') return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v as Obj)) {
    if (k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList/')) {
      out[k] = sortScalars(x as unknown[]);
      continue;
    }
    if (k.startsWith('$setElementOrder/') || k === '$patch' || !Array.isArray(x)) {
      out[k] = Array.isArray(x) ? x : sortMergeLists(x);
      continue;
    }
    const s = MERGE_ITEM.list(k, undefined);
    if (s.kind === 'merge') {
      const items = x.map(sortMergeLists);
      out[k] = items.sort((a, b) => cmp(goValue((a as Obj)[s.key]), goValue((b as Obj)[s.key])));
    } else if (s.kind === 'set') out[k] = sortScalars([...new Set(x)]);
    else out[k] = x;
  }
  return out;
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortScalars = (l: unknown[]) => [...l].sort((a, b) => cmp(goValue(a), goValue(b)));

function apply(original: Obj | undefined, patch: Obj): unknown {
  return strategicMerge(original ?? {}, patch, MERGE_ITEM);
}

describe('strategic merge patch: upstream raw cases (exact list order)', () => {
  const twoWay = cases.raw.map((c) => ({ ...c, name: `${c.description} (two-way)` }));
  it.each(twoWay)('$name', (c) => {
    if (c.expectedError) {
      expect(() => apply(c.original, c.twoWay)).toThrow(c.expectedError);
      return;
    }
    expect(apply(c.original, c.twoWay)).toStrictEqual(c.twoWayResult ?? c.modified);
  });

  const threeWay = cases.raw
    .filter((c) => c.threeWay)
    .map((c) => ({ ...c, name: `${c.description} (three-way)` }));
  it.each(threeWay)('$name', (c) => {
    expect(apply(c.current, c.threeWay as Obj)).toStrictEqual(c.result);
  });
});

describe('strategic merge patch: upstream YAML cases (merging lists sorted first)', () => {
  const all = cases.sorted.flatMap((c) => [
    {
      name: `${c.description} (two-way)`,
      from: c.original,
      patch: c.twoWay,
      want: c.twoWayResult ?? c.modified,
    },
    ...(c.threeWay
      ? [
          {
            name: `${c.description} (three-way)`,
            from: c.current,
            patch: c.threeWay,
            want: c.result,
          },
        ]
      : []),
  ]);
  it.each(all)('$name', ({ from, patch, want }) => {
    const got = apply(sortMergeLists(from ?? {}) as Obj, sortMergeLists(patch) as Obj);
    expect(got).toStrictEqual(sortMergeLists(want));
  });
});

interface ErrorCase {
  name: string;
  original?: Obj;
  patch: Obj;
  failure: string;
  message: string;
}

describe('strategic merge patch errors as the PATCH handler classifies them', () => {
  it.each<ErrorCase>([
    {
      name: 'a list item without its merge key is an unclassified error (500) naming the map',
      patch: { mergingList: [{ value: 'b', other: 1 }] },
      failure: 'Internal',
      message: 'map: map[other:1 value:b] does not contain declared merge key: name',
    },
    {
      name: 'an unknown directive in a map names the directive and the map',
      patch: { simpleMap: { $patch: 'merge', key1: 'x' } },
      failure: 'Internal',
      message: 'unknown patch type: merge in map: map[$patch:merge key1:x]',
    },
    {
      name: '$patch: merge in a list is not supported yet',
      patch: { mergingList: [{ name: 1, $patch: 'merge' }] },
      failure: 'Internal',
      message: 'merging lists cannot yet be specified in the patch',
    },
    {
      name: 'a $deleteFromPrimitiveList key without a list name is a bad request',
      patch: { $deleteFromPrimitiveList: [1] },
      failure: 'BadRequest',
      message: 'invalid patch format of primitive list',
    },
    {
      name: '$retainKeys that is not a list is a bad request',
      original: { retainKeysMap: { name: 'foo' } },
      patch: { retainKeysMap: { $retainKeys: 'name' } },
      failure: 'BadRequest',
      message: 'invalid patch format of retainKeys',
    },
    {
      name: 'a list of lists is the 422 upstream sends for ErrNoListOfLists',
      original: { mergingIntList: [] },
      patch: { mergingIntList: [[1]] },
      failure: 'Invalid',
      message: 'lists of lists are not supported',
    },
    {
      name: 'a patch that is not an object is the decoder error',
      patch: [1] as unknown as Obj,
      failure: 'BadRequest',
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    },
  ])('$name', ({ original, patch, failure, message }: ErrorCase) => {
    let err: unknown;
    try {
      apply(original ?? { mergingList: [{ name: 1 }], simpleMap: { a: 'b' } }, patch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatchError);
    expect(err).toMatchObject({ failure, message });
  });
});
