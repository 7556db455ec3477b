/**
 * Standard 5-field cron (minute hour day-of-month month day-of-week) plus the @hourly-style
 * macros, as the CronJob controller accepts them. Day-of-month and day-of-week combine with
 * OR when both are restricted, like robfig/cron and Vixie cron.
 */
export interface CronSchedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domStar: boolean;
  dowStar: boolean;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const NAMES: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};

function value(s: string, field: string): number {
  const n = NAMES[s.toLowerCase()] ?? Number(s);
  if (!Number.isInteger(n)) throw new Error(`cron field ${field}: "${s}" is not a number`);
  return n;
}

function parseField(expr: string, min: number, max: number, field: string): Set<number> {
  const out = new Set<number>();
  for (const part of expr.split(',')) {
    const [range = '', stepRaw] = part.split('/');
    const step = stepRaw === undefined ? 1 : value(stepRaw, field);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      lo = value(a, field);
      hi = value(b, field);
    } else {
      lo = value(range, field);
      hi = stepRaw === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi || step < 1) {
      throw new Error(`cron field ${field}: "${part}" is outside ${min}-${max}`);
    }
    for (let v = lo; v <= hi; v += step) out.add(field === 'day-of-week' && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(spec: string): CronSchedule {
  const expanded = MACROS[spec.trim()] ?? spec.trim();
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) {
    throw new Error(
      `cron schedule "${spec}" must have 5 fields (minute hour day-of-month month day-of-week)`,
    );
  }
  const [mi = '', h = '', dom = '', mo = '', dow = ''] = parts;
  return {
    minute: parseField(mi, 0, 59, 'minute'),
    hour: parseField(h, 0, 23, 'hour'),
    dom: parseField(dom, 1, 31, 'day-of-month'),
    month: parseField(mo, 1, 12, 'month'),
    dow: parseField(dow, 0, 7, 'day-of-week'),
    domStar: dom === '*' || dom === '?',
    dowStar: dow === '*' || dow === '?',
  };
}

interface Parts {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

function partsIn(ms: number, timeZone: string | undefined): Parts {
  if (!timeZone) {
    const d = new Date(ms);
    return {
      minute: d.getUTCMinutes(),
      hour: d.getUTCHours(),
      day: d.getUTCDate(),
      month: d.getUTCMonth() + 1,
      weekday: d.getUTCDay(),
    };
  }
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour12: false,
    minute: 'numeric',
    hour: 'numeric',
    day: 'numeric',
    month: 'numeric',
    weekday: 'short',
  }).formatToParts(new Date(ms));
  const get = (t: string) => f.find((p) => p.type === t)?.value ?? '';
  return {
    minute: Number(get('minute')),
    hour: Number(get('hour')) % 24,
    day: Number(get('day')),
    month: Number(get('month')),
    weekday: NAMES[get('weekday').toLowerCase()] ?? 0,
  };
}

/** Whether the minute containing `ms` is a scheduled minute. */
export function cronMatches(s: CronSchedule, ms: number, timeZone?: string): boolean {
  const p = partsIn(ms, timeZone);
  if (!s.minute.has(p.minute) || !s.hour.has(p.hour) || !s.month.has(p.month)) return false;
  const domOk = s.dom.has(p.day);
  const dowOk = s.dow.has(p.weekday);
  if (s.domStar || s.dowStar) return domOk && dowOk;
  return domOk || dowOk;
}
