import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CurfewInputError,
  DNS_LABEL_MAX,
  formatDuration,
  formatInstant,
  isDnsLabel,
  isUptime,
  MAX_DURATION_MS,
  MAX_INPUT_LENGTH,
  nextBoundary,
  parseDuration,
  parseInstant,
  parseNamespaceRef,
  parseSchedule,
  parseSku,
  parseSlashCommand,
  resolveTimeZone,
  type Schedule,
  type SlashCommand,
  SUPPORT_SIZES,
  skuMatchesPrefix,
} from '../../src/index.js';
import { windowsDraft } from './schedule-arbitraries.js';

/**
 * Fuzzing every parser with generated input: valid text, valid text with one whitespace character
 * slipped in, valid text with a few characters inserted, deleted or replaced (whitespace, line
 * breaks, separators, dots, non-ASCII), soups of
 * the grammar's own words, arbitrary strings, and text around the 4 KiB limit. For each input the
 * parser must either refuse it with a CurfewInputError (message and hint) — parseSlashCommand
 * with an error result, never a throw — or return a value that passes independent checks of what
 * the grammar allows. Shared by the short CI test and the million-input bench.
 */

export interface FuzzTarget {
  name: string;
  input: fc.Arbitrary<string>;
  check: (text: string) => void;
}

const NOISE = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u2028',
  '\u200b',
  ',',
  '-',
  '/',
  '//',
  ':',
  '.',
  '..',
  '+',
  'Z',
  '0',
  '9',
  '99',
  'h',
  'm',
  'é',
  'İ',
  '\ud83d\ude00',
];

/** Up to three edits (insert, delete, replace) of a valid text. */
function mutated(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({
    op: fc.constantFrom('insert', 'delete', 'replace'),
    at: fc.nat(),
    piece: fc.oneof(fc.constantFrom(...NOISE), fc.string({ maxLength: 3 })),
  });
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([text, edits]) =>
    edits.reduce((t, { op, at, piece }) => {
      const i = t.length === 0 ? 0 : at % (t.length + 1);
      if (op === 'insert') return t.slice(0, i) + piece + t.slice(i);
      if (op === 'delete') return t.slice(0, i) + t.slice(i + 1);
      return t.slice(0, i) + piece + t.slice(i + 1);
    }, text),
  );
}

const WHITESPACE = [' ', '\t', '\n', '\r', '\r\n', '\u2028', '\u00a0', '\v', '\f'];

/** A valid text with one whitespace character slipped in: the commonest way to mistype. */
function spaced(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom(...WHITESPACE))
    .map(([t, at, ws]) => t.slice(0, at % (t.length + 1)) + ws + t.slice(at % (t.length + 1)));
}

/** Words of the grammar glued by random separators. */
function soup(words: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom('', ' ', ',', '\n', '-', '/')), {
      maxLength: 8,
    })
    .map((parts) => parts.map(([w, sep]) => w + sep).join(''));
}

/** Text just under, at and over the input limit, built from a valid piece. */
function nearLimit(piece: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(piece, fc.constantFrom(-1, 0, 1))
    .map(([p, d]) => p.padEnd(MAX_INPUT_LENGTH + d, ' '));
}

/**
 * The generated inputs of one parser: `valid` text and its damaged forms, soups of `words`,
 * arbitrary strings, and `near` — near misses of the kind users type (a parent step in an SKU,
 * a duration split by a space).
 */
function inputs(
  valid: fc.Arbitrary<string>,
  words: readonly string[],
  near: fc.Arbitrary<string>[] = [],
): fc.Arbitrary<string> {
  return fc.oneof(
    ...near.map((arbitrary) => ({ weight: 2, arbitrary })),
    { weight: 3, arbitrary: valid },
    { weight: 5, arbitrary: mutated(valid) },
    { weight: 3, arbitrary: spaced(valid) },
    { weight: 3, arbitrary: soup(words) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: nearLimit(valid) },
  );
}

/** Runs `parse`; a refusal must be a CurfewInputError with a message and a hint. */
function acceptedOrRefused<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof CurfewInputError)) throw e;
    assert.ok(e.message.length > 0);
    assert.equal(typeof e.hint, 'string');
    return undefined;
  }
}

// Durations --------------------------------------------------------------------------------

const durationMs = fc.integer({ min: 1, max: MAX_DURATION_MS / 1000 }).map((s) => s * 1000);
const randomCase = (text: string, seed: number) =>
  [...text].map((c, i) => ((seed >> (i % 16)) & 1 ? c.toUpperCase() : c)).join('');
const durationText = fc
  .tuple(durationMs, fc.nat())
  .map(([ms, seed]) => randomCase(formatDuration(ms), seed));
const UNIT_ORDER = 'wdhms';

const durations: FuzzTarget = {
  name: 'parseDuration',
  input: inputs(durationText, ['1', '90', '1h', '30m', 'w', 'd', 's', 'ms', '-5m', '1.5h', '0']),
  check(text) {
    const ms = acceptedOrRefused(() => parseDuration(text));
    if (ms === undefined) return;
    assert.ok(text.length <= MAX_INPUT_LENGTH);
    // Accepted: nothing but number-unit pairs inside, units once each and largest first.
    const inner = text.trim().toLowerCase();
    assert.match(inner, /^(\d+[wdhms])+$/);
    const pairs = [...inner.matchAll(/(\d+)([wdhms])/g)];
    const ranks = pairs.map((p) => UNIT_ORDER.indexOf(p[2] ?? ''));
    assert.deepEqual(
      ranks,
      [...new Set(ranks)].sort((a, b) => a - b),
    );
    assert.ok(ms > 0);
    assert.ok(ms <= MAX_DURATION_MS);
    assert.equal(parseDuration(formatDuration(ms)), ms);
  },
};

// SKUs ---------------------------------------------------------------------------------------

const segment = fc.stringMatching(/^[a-z0-9._-]{1,8}$/).filter((s) => !/^\.+$/.test(s));
const skuText = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`);

/** A valid SKU with one segment made of dots. */
const dottedSku = fc
  .tuple(
    fc.array(segment, { minLength: 1, maxLength: 4 }),
    fc.nat(),
    fc.constantFrom('.', '..', '...'),
  )
  .map(([segments, at, dots]) => {
    const out = [...segments];
    out.splice(at % (out.length + 1), 0, dots);
    return `/${out.join('/')}`;
  });

const skus: FuzzTarget = {
  name: 'parseSku',
  input: inputs(skuText, ['/', 'tribe', 'squad', '.', '..', 'A', '_', '-', ' '], [dottedSku]),
  check(text) {
    const sku = acceptedOrRefused(() => parseSku(text));
    if (sku === undefined) return;
    assert.equal(sku.path, text.trim());
    assert.equal(sku.path.startsWith('/'), true);
    assert.deepEqual(sku.segments, sku.path.slice(1).split('/'));
    for (const s of sku.segments) {
      assert.match(s, /^[a-z0-9._-]+$/);
      assert.doesNotMatch(s, /^\.+$/);
    }
    assert.equal(skuMatchesPrefix(sku.path, sku.path), true);
  },
};

// Schedules ----------------------------------------------------------------------------------

const scheduleText = fc.oneof(
  { weight: 6, arbitrary: windowsDraft.map((d) => d.text) },
  { weight: 1, arbitrary: fc.constantFrom('always', 'never', 'Never, Mon 08:00-19:00 UTC') },
);
const T0 = Date.parse('2026-03-28T12:00:00Z');

function checkWindows(schedule: Schedule): void {
  if (schedule.kind === 'except') {
    checkWindows(schedule.uptime);
    checkWindows(schedule.downtime);
    return;
  }
  if (schedule.kind !== 'windows') return;
  assert.ok(schedule.windows.length > 0);
  for (const w of schedule.windows) {
    if (w.kind === 'absolute') {
      assert.ok(w.start < w.end);
      continue;
    }
    assert.ok(w.days.length > 0);
    assert.deepEqual(
      [...w.days],
      [...new Set(w.days)].sort((a, b) => a - b),
    );
    for (const d of w.days) assert.equal(d >= 0 && d <= 6, true);
    assert.equal(w.startMinute >= 0 && w.startMinute <= 1439, true);
    assert.equal(w.endMinute >= 0 && w.endMinute <= 1440, true);
    assert.notEqual(w.endMinute, w.startMinute);
    assert.deepEqual(resolveTimeZone(w.timeZone), { zone: w.timeZone });
  }
}

const schedules: FuzzTarget = {
  name: 'parseSchedule',
  input: inputs(scheduleText, [
    'Mon',
    'Fri',
    'Sun-Sat',
    'Thur',
    '08:00',
    '24:00',
    '25:00',
    '08:00-19:00',
    'UTC',
    'Europe/Berlin',
    'BST',
    'IST',
    '+05:30',
    'always',
    'never',
    '2026-11-01T08:00:00Z',
    '2026-11-01T08:00:00+01:00',
  ]),
  check(text) {
    const schedule = acceptedOrRefused(() => parseSchedule(text));
    if (schedule === undefined) return;
    assert.equal(schedule.source, text.trim());
    assert.deepEqual(parseSchedule(schedule.source), schedule);
    checkWindows(schedule);
    const b = nextBoundary(schedule, T0);
    if (b !== null) {
      assert.ok(b.at > T0);
      assert.equal(isUptime(schedule, b.at), b.uptime);
      assert.equal(isUptime(schedule, b.at - 1), !b.uptime);
    }
  },
};

// Namespace references and instants ---------------------------------------------------------

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,12}[a-z0-9])?$/);
const refText = fc
  .tuple(fc.option(label, { nil: undefined }), label)
  .map(([c, n]) => (c === undefined ? n : `${c}/${n}`));

const namespaceRefs: FuzzTarget = {
  name: 'parseNamespaceRef',
  input: inputs(refText, ['dev', 'prod-eu', '/', 'A', '-', 'a'.repeat(DNS_LABEL_MAX + 1)]),
  check(text) {
    const ref = acceptedOrRefused(() => parseNamespaceRef(text));
    if (ref === undefined) return;
    assert.equal(isDnsLabel(ref.namespace), true);
    if (ref.cluster !== undefined) assert.equal(isDnsLabel(ref.cluster), true);
    assert.equal(
      ref.cluster === undefined ? ref.namespace : `${ref.cluster}/${ref.namespace}`,
      text,
    );
  },
};

const instantText = fc
  .integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') })
  .map(formatInstant);

const instants: FuzzTarget = {
  name: 'parseInstant',
  input: inputs(instantText, [
    '2026',
    '-11-01',
    'T',
    '08:00',
    ':00',
    '.5',
    'Z',
    '+01:00',
    '-25:00',
  ]),
  check(text) {
    const ms = parseInstant(text);
    if (ms === null) return;
    assert.equal(Number.isFinite(ms), true);
    assert.equal(parseInstant(formatInstant(ms)), ms);
  },
};

// Slash commands -----------------------------------------------------------------------------

const commandText = fc.oneof(
  fc
    .tuple(fc.constantFrom('status', 'start', 'stop', 'delete'), refText)
    .map(([v, r]) => `${v} ${r}`),
  fc
    .tuple(refText, durationText, fc.boolean(), fc.boolean())
    .map(
      ([r, d, withFor, split]) =>
        `prolong ${r} ${withFor ? 'for ' : ''}${split ? d.replace(/([a-z])(?=\d)/gi, '$1 ') : d}`,
    ),
  fc
    .tuple(skuText, durationText, fc.option(label, { nil: undefined }))
    .map(([s, d, c]) => `extend ${s} ${d}${c === undefined ? '' : ` ${c}`}`),
  fc
    .tuple(
      label,
      fc.constantFrom(...SUPPORT_SIZES),
      fc.option(label, { nil: undefined }),
      fc.boolean(),
    )
    .map(([n, size, c, last]) =>
      c === undefined
        ? `support start ${n} ${size}`
        : last
          ? `support start ${n} ${size} ${c}`
          : `support start ${c}/${n} ${size}`,
    ),
  fc
    .tuple(label, fc.option(label, { nil: undefined }), fc.boolean())
    .map(([n, c, last]) =>
      c === undefined
        ? `support stop ${n}`
        : last
          ? `support stop ${n} ${c}`
          : `support stop ${c}/${n}`,
    ),
  fc.constantFrom('help', 'list', ''),
);

/** The canonical text of a command: parsing it must give the command back. */
function render(c: Exclude<SlashCommand, { kind: 'error' }>): string {
  const ref = (r: { cluster?: string; namespace: string }) =>
    r.cluster === undefined ? r.namespace : `${r.cluster}/${r.namespace}`;
  switch (c.kind) {
    case 'help':
    case 'list':
      return c.kind;
    case 'status':
    case 'start':
    case 'stop':
    case 'delete':
      return `${c.kind} ${ref(c.target)}`;
    case 'prolong':
      return `prolong ${ref(c.target)} for ${formatDuration(c.durationMs)}`;
    case 'extend':
      return `extend ${c.sku} ${formatDuration(c.durationMs)}${c.cluster === undefined ? '' : ` ${c.cluster}`}`;
    case 'support-start':
      return `support start ${c.name} ${c.size}${c.cluster === undefined ? '' : ` ${c.cluster}`}`;
    case 'support-stop':
      return `support stop ${c.cluster === undefined ? '' : `${c.cluster}/`}${c.name}`;
  }
}

/** Durations split into words, unit-less pieces, SKUs with dot segments. */
const nearCommands = [
  fc
    .tuple(
      fc.constantFrom('extend', 'prolong dev-1', 'prolong dev-1 for'),
      durationText,
      durationText,
    )
    .map(([verb, a, b]) => (verb === 'extend' ? `extend /tribe ${a} ${b}` : `${verb} ${a} ${b}`)),
  fc.tuple(fc.nat({ max: 99 }), durationText).map(([n, d]) => `prolong dev-1 ${n} ${d}`),
  dottedSku.map((sku) => `extend ${sku} 1h`),
];

const slashCommands: FuzzTarget = {
  name: 'parseSlashCommand',
  input: inputs(
    commandText,
    [
      'prolong',
      'prolongate',
      'extend',
      'status',
      'support',
      'start',
      'for',
      '1h',
      '30m',
      '1',
      '/tribe',
      '/..',
      'dev-1',
      'prod/dev',
      'XL',
    ],
    nearCommands,
  ),
  check(text) {
    const c = parseSlashCommand(text);
    if (c.kind === 'error') {
      assert.ok(c.message.length > 0);
      assert.ok(c.usage.includes('Usage:'));
      return;
    }
    assert.ok(text.length <= MAX_INPUT_LENGTH);
    assert.deepEqual(parseSlashCommand(render(c)), c);
    const words = text.trim().split(/\s+/);
    if (c.kind === 'prolong') {
      // Every duration word stands on its own: nothing is glued into another number.
      const pieces = words.slice(2).filter((w, i) => !(i === 0 && w.toLowerCase() === 'for'));
      assert.equal(
        pieces.reduce((sum, p) => sum + parseDuration(p), 0),
        c.durationMs,
      );
    }
    if (c.kind === 'extend') {
      assert.equal(c.durationMs, parseDuration(words[2] ?? ''));
      assert.equal(
        c.sku.split('/').some((s) => /^\.+$/.test(s)),
        false,
      );
      if (c.cluster !== undefined) assert.doesNotMatch(c.cluster, /^(\d+[wdhms])+$/i);
    }
  },
};

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  durations,
  skus,
  schedules,
  namespaceRefs,
  instants,
  slashCommands,
];

/** Runs one target over `runs` generated inputs; throws fast-check's report on a failure. */
export function fuzz(target: FuzzTarget, runs: number, seed?: number): void {
  fc.assert(
    fc.property(target.input, (text) => {
      target.check(text);
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
  );
}
