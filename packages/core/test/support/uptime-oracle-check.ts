import { expect } from 'vitest';
import { downscalerSchedule, nextBoundary, parseSchedule } from '../../src/index.js';
import type { OracleDraft } from './schedule-arbitraries.js';
import { oracleNextBoundary } from './uptime-oracle.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Parses `draft.text` with Curfew and follows `boundaries` successive nextBoundary answers from
 * `t`, each checked against the oracle. Where the oracle sees no change within the horizon,
 * Curfew must answer null or an instant beyond it. `timing`, when given, adds up both sides' time.
 */
export interface OracleTiming {
  boundaries: number;
  curfewMs: number;
  oracleMs: number;
}

export function checkAgainstOracle(
  draft: OracleDraft,
  t: number,
  options: { horizonMs: number; boundaries: number; timing?: OracleTiming },
): void {
  const schedule =
    draft.downtimeText === undefined
      ? parseSchedule(draft.text)
      : downscalerSchedule({ uptime: draft.text, downtime: draft.downtimeText });
  let from = t;
  for (let i = 0; i < options.boundaries; i++) {
    const o0 = performance.now();
    const expected = oracleNextBoundary(draft.oracle, from, options.horizonMs);
    const c0 = performance.now();
    const actual = nextBoundary(schedule, from);
    if (options.timing !== undefined) {
      options.timing.curfewMs += performance.now() - c0;
      options.timing.oracleMs += c0 - o0;
      options.timing.boundaries++;
    }
    const spec =
      draft.downtimeText === undefined ? draft.text : `${draft.text} except ${draft.downtimeText}`;
    const where = `'${spec}' after ${iso(from)}`;
    if (expected === null) {
      if (actual !== null) {
        expect(actual.at, `${where}: no change within the horizon`).toBeGreaterThan(
          from + options.horizonMs,
        );
      }
      return;
    }
    expect(actual === null ? null : { at: iso(actual.at), uptime: actual.uptime }, where).toEqual({
      at: iso(expected.at),
      uptime: expected.uptime,
    });
    from = expected.at;
  }
}
