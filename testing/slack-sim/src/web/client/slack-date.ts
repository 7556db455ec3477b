/**
 * Slack's date token, `<!date^<unix seconds>^<format>[^<link>]|<fallback>>`, as a Slack client
 * shows it: in the *viewing* user's own time zone (their profile `tz`), so one message reads
 * 09:00 to a reader in Berlin and 03:00 to one in New York. Format tokens, per Slack's "Formatting
 * text for app surfaces": {date_num} 2014-02-18 · {date} February 18th, 2014 · {date_short}
 * Feb 18, 2014 · {date_long} Tuesday, February 18th, 2014 · {date_pretty}/{date_short_pretty}/
 * {date_long_pretty} the same but "today", "yesterday" or "tomorrow" when they apply · {time}
 * 18:39 · {time_secs} 18:39:42. (Slack picks 12- or 24-hour time by the user's setting; the
 * stand-in always shows 24-hour.) Without a viewer time zone, or for a token it cannot read, the
 * fallback is shown, as a plain client does.
 */
export function renderSlackDate(
  token: string,
  fallback: string | undefined,
  timeZone: string | undefined,
  now: number = Date.now(),
): string | undefined {
  const match = /^date\^(\d+)\^([^^]*)(?:\^.*)?$/.exec(token);
  if (!match || timeZone === undefined) return fallback;
  const ms = Number(match[1]) * 1000;
  const format = match[2] ?? '';
  try {
    const at = parts(ms, timeZone);
    const today = parts(now, timeZone);
    return format.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
      const value = tokenValue(name, at, today);
      return value ?? whole;
    });
  } catch {
    return fallback; // an unknown time zone: what a client without it would show
  }
}

interface DayParts {
  year: number;
  month: number;
  day: number;
  weekday: string;
  hour: string;
  minute: string;
  second: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function parts(ms: number, timeZone: string): DayParts {
  const fields = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    fields.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: get('weekday'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10];
  return `${day}${suffix ?? 'th'}`;
}

/** Whole days from `today` to `at`, both as calendar dates in the viewer's zone. */
function dayOffset(at: DayParts, today: DayParts): number {
  return Math.round(
    (Date.UTC(at.year, at.month - 1, at.day) - Date.UTC(today.year, today.month - 1, today.day)) /
      86_400_000,
  );
}

function tokenValue(name: string, at: DayParts, today: DayParts): string | undefined {
  const month = MONTHS[at.month - 1] ?? '';
  const date = `${month} ${ordinal(at.day)}, ${at.year}`;
  const dateShort = `${month.slice(0, 3)} ${at.day}, ${at.year}`;
  const dateLong = `${at.weekday}, ${date}`;
  const pretty = (otherwise: string) =>
    (({ [-1]: 'yesterday', 0: 'today', 1: 'tomorrow' }) as Record<number, string>)[
      dayOffset(at, today)
    ] ?? otherwise;
  switch (name) {
    case 'date_num':
      return `${at.year}-${String(at.month).padStart(2, '0')}-${String(at.day).padStart(2, '0')}`;
    case 'date':
      return date;
    case 'date_short':
      return dateShort;
    case 'date_long':
      return dateLong;
    case 'date_pretty':
      return pretty(date);
    case 'date_short_pretty':
      return pretty(dateShort);
    case 'date_long_pretty':
      return pretty(dateLong);
    case 'time':
      return `${at.hour}:${at.minute}`;
    case 'time_secs':
      return `${at.hour}:${at.minute}:${at.second}`;
    default:
      return undefined;
  }
}
