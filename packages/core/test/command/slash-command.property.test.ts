import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseSlashCommand,
  type SlashCommand,
  SUPPORT_SIZES,
} from '../../src/command/slash-command.js';
import { formatDuration } from '../../src/common/duration.js';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const ref = fc.record({ cluster: fc.option(label, { nil: undefined }), namespace: label });
const refText = (r: { cluster?: string | undefined; namespace: string }): string =>
  r.cluster === undefined ? r.namespace : `${r.cluster}/${r.namespace}`;
const refValue = (r: { cluster?: string | undefined; namespace: string }) =>
  r.cluster === undefined
    ? { namespace: r.namespace }
    : { cluster: r.cluster, namespace: r.namespace };
const duration = fc.integer({ min: 1, max: 365 * 86_400 }).map((s) => s * 1000);
// Not only dots: `.` and `..` are path steps, refused as SKU segments.
const segment = fc.stringMatching(/^[a-z0-9._-]{1,8}$/).filter((s) => !/^\.+$/.test(s));
const space = fc.stringMatching(/^[ \t]{1,3}$/);
const randomCase = (word: string, upper: boolean[]): string =>
  [...word].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join('');

/** `support start [cluster/]name size [cluster]`: the cluster before the name or last. */
const supportWords = (
  head: string[],
  name: string,
  tail: string[],
  cluster: string | undefined,
  trailing: boolean,
): string[] =>
  cluster === undefined
    ? [...head, name, ...tail]
    : trailing
      ? [...head, name, ...tail, cluster]
      : [...head, `${cluster}/${name}`, ...tail];
const clusterOf = (cluster: string | undefined) => (cluster === undefined ? {} : { cluster });

describe('slash command properties', () => {
  it('every generated valid command parses to the expected value', () => {
    const generated = fc.oneof(
      fc
        .record({ verb: fc.constantFrom('status', 'start', 'stop', 'delete'), r: ref })
        .map(({ verb, r }) => ({
          words: [verb, refText(r)],
          expected: { kind: verb, target: refValue(r) } as SlashCommand,
        })),
      fc
        .record({
          verb: fc.constantFrom('prolong', 'prolongate'),
          r: ref,
          ms: duration,
          withFor: fc.boolean(),
        })
        .map(({ verb, r, ms, withFor }) => ({
          words: [verb, refText(r), ...(withFor ? ['for'] : []), formatDuration(ms)],
          expected: { kind: 'prolong', target: refValue(r), durationMs: ms } as SlashCommand,
        })),
      fc
        .record({
          segments: fc.array(segment, { minLength: 1, maxLength: 4 }),
          ms: duration,
          // A trailing word that reads as a duration piece (`0w`, `30m`) is refused on purpose as a
          // split duration (`extend /t 1h 30m`), so such a word is not a cluster the parser can take.
          cluster: fc.option(
            label.filter((l) => !/^(\d+[wdhms])+$/.test(l)),
            { nil: undefined },
          ),
        })
        .map(({ segments, ms, cluster }) => ({
          words: [
            'extend',
            `/${segments.join('/')}`,
            formatDuration(ms),
            ...(cluster === undefined ? [] : [cluster]),
          ],
          expected: (cluster === undefined
            ? { kind: 'extend', sku: `/${segments.join('/')}`, durationMs: ms }
            : {
                kind: 'extend',
                sku: `/${segments.join('/')}`,
                durationMs: ms,
                cluster,
              }) as SlashCommand,
        })),
      fc
        .record({
          name: label,
          size: fc.constantFrom(...SUPPORT_SIZES),
          cluster: fc.option(label, { nil: undefined }),
          trailing: fc.boolean(),
        })
        .map(({ name, size, cluster, trailing }) => ({
          words: supportWords(['support', 'start'], name, [size], cluster, trailing),
          expected: { kind: 'support-start', name, size, ...clusterOf(cluster) } as SlashCommand,
        })),
      fc
        .record({
          name: label,
          // A size after `support stop` is refused on purpose, so it is no cluster name here.
          cluster: fc.option(
            label.filter((l) => !SUPPORT_SIZES.some((s) => s === l.toUpperCase())),
            { nil: undefined },
          ),
          trailing: fc.boolean(),
        })
        .map(({ name, cluster, trailing }) => ({
          words: supportWords(['support', 'stop'], name, [], cluster, trailing),
          expected: { kind: 'support-stop', name, ...clusterOf(cluster) } as SlashCommand,
        })),
      fc
        .constantFrom('help', 'list')
        .map((verb) => ({ words: [verb], expected: { kind: verb } as SlashCommand })),
    );
    fc.assert(
      fc.property(
        generated,
        fc.array(space, { minLength: 8, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        ({ words, expected }, spaces, upper) => {
          const [verb = '', ...rest] = words;
          const text = [randomCase(verb, upper), ...rest]
            .map((w, i) => `${spaces[i] ?? ' '}${w}`)
            .join('');
          expect(parseSlashCommand(text)).toEqual(expected);
        },
      ),
    );
  });

  it('arbitrary strings never throw and always give a command or an error with usage', () => {
    const words = fc.array(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          'status',
          'prolong',
          'for',
          'extend',
          'support',
          'start',
          'stop',
          '/a/b',
          '1h',
          'x/y/z',
          'XL',
        ),
      ),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          words.map((w) => w.join(' ')),
        ),
        (text) => {
          const result = parseSlashCommand(text);
          if (result.kind === 'error') {
            expect(result.message.length).toBeGreaterThan(0);
            expect(result.usage).toContain('Usage:');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
