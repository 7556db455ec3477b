import type { KubeObject } from './object.js';
import { isPlainObject } from './object.js';

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

/** `2026-01-02T03:04:05` in UTC for a timestamp with any offset, and its fraction digits. */
function utcParts(s: string): { base: string; fraction: string } | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, base = '', fraction = '', zone = 'Z'] = m;
  if (zone.toUpperCase() === 'Z') return { base, fraction: fraction.slice(1) };
  const ms = Date.parse(`${base}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return { base: new Date(ms).toISOString().slice(0, 19), fraction: fraction.slice(1) };
}

/** metav1.Time marshals as RFC 3339 in UTC with whole seconds: a fraction is dropped. */
export function asTime(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const p = utcParts(v);
  return p ? `${p.base}Z` : v;
}

/** metav1.MicroTime marshals with exactly six fraction digits (`.000000Z`). */
export function asMicroTime(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const p = utcParts(v);
  return p ? `${p.base}.${p.fraction.padEnd(6, '0').slice(0, 6)}Z` : v;
}

type Obj = Record<string, unknown>;

function fix(o: unknown, keys: string[], as: (v: unknown) => unknown): void {
  if (!isPlainObject(o)) return;
  for (const k of keys) if (o[k] !== undefined) o[k] = as(o[k]);
}

const CONDITION_TIMES = [
  'lastTransitionTime',
  'lastUpdateTime',
  'lastProbeTime',
  'lastHeartbeatTime',
];

/**
 * Re-encodes the Time and MicroTime fields clients write, as the Go round trip does: a Lease
 * renewed with `…:05.123Z` reads back `…:05.123000Z`, a condition's `…:05.123Z` as `…:05Z`.
 */
export function normalizeTimes(kind: string, o: KubeObject): void {
  const status = o.status as Obj | undefined;
  if (isPlainObject(status) && Array.isArray(status.conditions))
    for (const c of status.conditions) fix(c, CONDITION_TIMES, asTime);
  switch (kind) {
    case 'Lease':
      fix(o.spec, ['acquireTime', 'renewTime'], asMicroTime);
      return;
    case 'Event':
      fix(o, ['firstTimestamp', 'lastTimestamp'], asTime);
      fix(o, ['eventTime'], asMicroTime);
      fix((o as Obj).series, ['lastObservedTime'], asMicroTime);
      return;
    case 'Job':
      fix(status, ['startTime', 'completionTime'], asTime);
      return;
    case 'CronJob':
      fix(status, ['lastScheduleTime', 'lastSuccessfulTime'], asTime);
      return;
    case 'Pod':
      fix(status, ['startTime'], asTime);
      return;
  }
}
