import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  downscalerSchedule,
  isCurfewInputError,
  isUptime,
  parseSchedule,
  type ScheduleDefaults,
} from '../../src/index.js';

/**
 * kube-downscaler's own test cases (hjacobs/kube-downscaler and caas-team/py-kube-downscaler:
 * tests/test_time.py `matches_time_spec`, the specs in tests/test_scaler.py and
 * tests/test_autoscale_resource.py, and the README's DEFAULT_TIMEZONE / DEFAULT_WEEKFRAME
 * examples), as data, run through Curfew's parser. `downscaler` is what kube-downscaler answers;
 * a row where Curfew deliberately answers otherwise says so in `curfew` and `why`, and every such
 * spec is listed in packages/core/README.md "kube-downscaler → Curfew".
 */
type Answer = boolean | 'error';

interface Row {
  name: string;
  spec: string;
  /** kube-downscaler's downtime spec evaluated together with `spec` as the uptime. */
  downtime?: string;
  at: string;
  defaults?: ScheduleDefaults;
  downscaler: Answer;
  curfew?: Answer;
  why?: string;
}

/** kube-downscaler's tests call these with datetime.now(): any instant gives the same answer. */
const ANY_TIMES = ['2017-11-26T15:33:00Z', '2026-03-29T01:30:00Z', '2026-10-25T01:30:00Z'];
const SUNDAY = '2017-11-26T15:33:00Z';
const MONDAY = '2017-11-27T15:33:00Z';
const AUCKLAND_MONDAY = '2018-11-04T20:30:00Z';

const ROWS: Row[] = [
  { name: 'an empty spec is an error', spec: '', at: SUNDAY, downscaler: 'error' },
  ...ANY_TIMES.flatMap((at): Row[] => [
    { name: `never is never up (${at})`, spec: 'never', at, downscaler: false },
    { name: `always is always up (${at})`, spec: 'always', at, downscaler: true },
    {
      name: `equal start and end (Mon-Mon 00:00-00:00) is never up (${at})`,
      spec: 'Mon-Mon 00:00-00:00 CET',
      at,
      downscaler: false,
    },
    {
      name: `the whole week 00:00-24:00 is always up (${at})`,
      spec: 'Mon-Sun 00:00-24:00 CET',
      at,
      downscaler: true,
    },
  ]),
  {
    name: 'a weekend window holds on Sunday',
    spec: 'Sat-Sun 15:30-16:00 UTC',
    at: SUNDAY,
    downscaler: true,
  },
  {
    name: 'a window starting a minute after now has not begun',
    spec: 'Sat-Sun 15:34-16:00 UTC',
    at: SUNDAY,
    downscaler: false,
  },
  {
    name: 'weekdays do not hold on Sunday',
    spec: 'Mon-Fri 08:00-18:00 UTC',
    at: SUNDAY,
    downscaler: false,
  },
  {
    name: 'a list holds when any of its windows holds',
    spec: 'Mon-Fri 08:00-18:00 UTC, Sun-Sun 15:30-16:00 UTC',
    at: SUNDAY,
    downscaler: true,
  },
  {
    name: 'an absolute range around now holds',
    spec: '2017-11-26T14:04:48+00:00-2017-11-26T16:04:48+00:00',
    at: SUNDAY,
    downscaler: true,
  },
  {
    name: 'an absolute range that ended before now does not hold',
    spec: '2017-11-26T14:04:48+00:00-2017-11-26T15:04:48+00:00',
    at: SUNDAY,
    downscaler: false,
  },
  {
    name: 'Auckland is already on Monday morning while UTC is on Sunday evening',
    spec: 'Mon-Fri 09:00-10:00 Pacific/Auckland',
    at: AUCKLAND_MONDAY,
    downscaler: true,
  },
  {
    name: 'an Auckland weekend window does not hold on Auckland Monday',
    spec: 'Sat-Sun 09:00-10:00 Pacific/Auckland',
    at: AUCKLAND_MONDAY,
    downscaler: false,
  },
  {
    name: 'a two-year absolute range holds inside it',
    spec: '2017-01-01T00:01:02+00:00-2018-12-31T23:59:00+00:00',
    at: AUCKLAND_MONDAY,
    downscaler: true,
  },
  {
    name: 'a list of absolute ranges holds when the second one does',
    spec: '2017-01-01T00:01:02+00:00-2017-01-02T19:00:50+00:00, 2018-11-01T00:00:00+00:00-2018-12-31T23:59:00+00:00',
    at: AUCKLAND_MONDAY,
    downscaler: true,
  },
  {
    name: 'a future absolute range does not hold',
    spec: '2019-01-01T00:01:02+00:00-2019-12-31T23:59:00+00:00',
    at: AUCKLAND_MONDAY,
    downscaler: false,
  },
  {
    name: 'an absolute range with a negative offset holds at the same instant in UTC',
    spec: '2018-11-04T16:00:00-04:00-2018-11-04T16:40:00-04:00',
    at: AUCKLAND_MONDAY,
    downscaler: true,
  },
  {
    name: 'an absolute range with a negative offset four hours later does not hold',
    spec: '2018-11-04T20:00:00-04:00-2018-11-04T20:40:00-04:00',
    at: AUCKLAND_MONDAY,
    downscaler: false,
  },
  {
    name: 'an absolute range includes its end instant',
    spec: '2017-11-26T14:04:48+00:00-2017-11-26T15:33:00+00:00',
    at: SUNDAY,
    downscaler: true,
  },
  {
    name: 'an absolute range does not hold a millisecond after its end',
    spec: '2017-11-26T14:04:48+00:00-2017-11-26T15:33:00+00:00',
    at: '2017-11-26T15:33:00.001Z',
    downscaler: false,
  },
  {
    name: 'a four-letter day (Thur) is an error',
    spec: 'Mon-Thur 09:00-20:00 Europe/London,Fri-Fri 10:00-18:00 Europe/London',
    at: '2020-04-10T10:11:00Z',
    downscaler: 'error',
  },
  ...[MONDAY, SUNDAY].flatMap((at): Row[] => [
    {
      name: `a week starting on Sunday (Sun-Fri) holds on ${at}`,
      spec: 'Sun-Fri 15:30-16:00 UTC',
      at,
      downscaler: true,
    },
    {
      name: `Sun-Mon holds until 16:00 on ${at}`,
      spec: 'Sun-Mon 00:00-16:00 UTC',
      at,
      downscaler: true,
    },
    {
      name: `Sun-Mon ending at 15:00 does not hold at 15:33 on ${at}`,
      spec: 'Sun-Mon 00:00-15:00 UTC',
      at,
      downscaler: false,
    },
  ]),
  {
    name: 'equal start and end over two days (Mon-Tue 19:00-19:00) is never up',
    spec: 'Mon-Tue 19:00-19:00 UTC',
    at: '2026-03-02T19:00:00Z',
    downscaler: false,
  },
  {
    name: 'a past force-uptime range does not hold',
    spec: '2020-04-04T16:00:00+00:00-2020-04-05T16:00:00+00:00',
    at: '2026-07-01T00:00:00Z',
    downscaler: false,
  },
  {
    name: 'a twenty-year force-uptime range holds',
    spec: '2020-04-04T16:00:00+00:00-2040-04-05T16:00:00+00:00',
    at: '2026-07-01T00:00:00Z',
    downscaler: true,
  },
  {
    name: 'a far-future force-uptime range does not hold yet',
    spec: '2040-04-04T16:00:00+00:00-2040-04-05T16:00:00+00:00',
    at: '2026-07-01T00:00:00Z',
    downscaler: false,
  },
  // README: DEFAULT_TIMEZONE and DEFAULT_WEEKFRAME complete a spec.
  {
    name: 'a spec without a zone takes DEFAULT_TIMEZONE',
    spec: 'Mon-Fri 08:00-20:00',
    at: '2026-03-02T07:30:00Z',
    defaults: { timeZone: 'Europe/Paris' },
    downscaler: true,
  },
  {
    name: 'a spec without a zone and no DEFAULT_TIMEZONE is an error',
    spec: 'Mon-Fri 08:00-20:00',
    at: '2026-03-02T07:30:00Z',
    downscaler: 'error',
  },
  {
    name: 'a spec without days takes DEFAULT_WEEKFRAME',
    spec: '08:00-20:00 Europe/Paris',
    at: '2026-03-01T07:30:00Z',
    defaults: { weekFrame: 'Mon-Sun' },
    downscaler: true,
  },
  {
    name: 'DEFAULT_WEEKFRAME Mon-Fri leaves Sunday out',
    spec: '08:00-20:00 Europe/Paris',
    at: '2026-03-01T07:30:00Z',
    defaults: { weekFrame: 'Mon-Fri' },
    downscaler: false,
  },
  {
    name: 'a spec without days and no DEFAULT_WEEKFRAME is an error',
    spec: '08:00-20:00 Europe/Paris',
    at: '2026-03-01T07:30:00Z',
    defaults: { timeZone: 'Europe/Paris' },
    downscaler: 'error',
  },
  {
    name: 'a bare time range takes both defaults',
    spec: '08:00-20:00',
    at: '2026-03-01T18:59:00Z',
    defaults: { timeZone: 'Europe/Paris', weekFrame: 'Mon-Sun' },
    downscaler: true,
  },
  {
    name: 'a bare time range with only a default zone is an error',
    spec: '08:00-20:00',
    at: '2026-03-01T18:59:00Z',
    defaults: { timeZone: 'Europe/Paris' },
    downscaler: 'error',
  },
  {
    name: 'defaults complete each window of a list on its own',
    spec: 'Mon-Fri 08:00-12:00, 13:00-20:00 UTC',
    at: '2026-03-01T14:00:00Z',
    defaults: { timeZone: 'Europe/Paris', weekFrame: 'Sat-Sun' },
    downscaler: true,
  },
  {
    name: 'the README downtime (weekend and Friday evening in CET) holds on Friday night',
    spec: 'Sat-Sun 00:00-24:00 CET,Fri-Fri 20:00-24:00 CET',
    at: '2026-03-06T21:00:00Z',
    downscaler: true,
  },
  {
    name: 'a legacy zone name such as US/Eastern is read as its IANA zone',
    spec: 'Mon-Fri 09:00-17:00 US/Eastern',
    at: '2026-03-02T14:30:00Z',
    downscaler: true,
  },
  {
    name: 'PST is not a zone kube-downscaler (pytz) knows',
    spec: 'Mon-Fri 09:00-17:00 PST',
    at: '2026-03-02T18:00:00Z',
    downscaler: 'error',
  },
  {
    name: 'BST is not a zone kube-downscaler (pytz) knows',
    spec: 'Mon-Fri 09:00-17:00 BST',
    at: '2026-03-02T10:00:00Z',
    downscaler: 'error',
  },
  {
    name: 'weekday names are case-insensitive',
    spec: 'mon-FRI 08:00-18:00 UTC',
    at: '2026-03-02T10:00:00Z',
    downscaler: true,
  },
  {
    name: 'the week-wrapping range Fri-Mon holds on Saturday',
    spec: 'Fri-Mon 08:00-18:00 UTC',
    at: '2026-03-07T10:00:00Z',
    downscaler: true,
  },
  // uptime and downtime together (tests/test_autoscale_resource.py).
  {
    name: 'downtime always wins over business hours',
    spec: 'Mon-Fri 07:30-20:30 Europe/Berlin',
    downtime: 'always',
    at: '2018-10-23T15:00:00Z',
    downscaler: false,
  },
  {
    name: 'uptime never with downtime always is down',
    spec: 'never',
    downtime: 'always',
    at: '2018-10-23T21:56:00Z',
    downscaler: false,
  },
  {
    name: 'business hours with downtime never are up during the day',
    spec: 'Mon-Fri 07:30-20:30 Europe/Berlin',
    downtime: 'never',
    at: '2018-10-23T15:00:00Z',
    downscaler: true,
  },
  {
    name: 'business hours with downtime never are down at night',
    spec: 'Mon-Fri 07:30-20:30 Europe/Berlin',
    downtime: 'never',
    at: '2018-10-23T21:56:00Z',
    downscaler: false,
  },
  {
    name: 'a weekend downtime under uptime always is down on Saturday',
    spec: 'always',
    downtime: 'Sat-Sun 00:00-24:00 CET',
    at: '2026-03-07T12:00:00Z',
    downscaler: false,
  },
  {
    name: 'a weekend downtime under uptime always is up on Monday',
    spec: 'always',
    downtime: 'Sat-Sun 00:00-24:00 CET',
    at: '2026-03-09T12:00:00Z',
    downscaler: true,
  },
  // Where Curfew deliberately goes further (README "kube-downscaler → Curfew").
  {
    name: 'a window across midnight is overnight uptime in Curfew',
    spec: 'Mon-Fri 23:30-09:30 Europe/Berlin',
    at: '2026-03-03T06:00:00Z',
    downscaler: false,
    curfew: true,
    why: 'kube-downscaler matches start <= minute < end within one day, so an end before the start never holds',
  },
  {
    name: 'a single day is accepted by Curfew',
    spec: 'Sun 15:30-16:00 UTC',
    at: SUNDAY,
    downscaler: 'error',
    curfew: true,
    why: 'kube-downscaler requires a day range such as Sun-Sun',
  },
  {
    name: 'an absolute range in UTC with Z is accepted by Curfew',
    spec: '2017-11-26T14:00:00Z-2017-11-26T16:00:00Z',
    at: SUNDAY,
    downscaler: 'error',
    curfew: true,
    why: 'kube-downscaler requires a numeric offset',
  },
  {
    name: 'a zone with a digit or hyphen (Etc/GMT-1, America/Port-au-Prince) is accepted by Curfew',
    spec: 'Mon-Fri 08:00-18:00 Etc/GMT-1',
    at: '2026-03-02T10:00:00Z',
    downscaler: 'error',
    curfew: true,
    why: "kube-downscaler's zone pattern is letters, '/' and '_' only",
  },
  {
    name: 'a fixed UTC offset is a zone in Curfew',
    spec: 'Mon-Fri 08:00-18:00 +05:30',
    at: '2026-03-02T03:00:00Z',
    downscaler: 'error',
    curfew: true,
    why: "kube-downscaler's zone pattern is letters, '/' and '_' only",
  },
  {
    name: 'always in a list makes the whole list always in Curfew',
    spec: 'always, Mon-Fri 08:00-18:00 UTC',
    at: SUNDAY,
    downscaler: 'error',
    curfew: true,
    why: "kube-downscaler compares only the whole spec with 'always'",
  },
  {
    name: 'never in a list adds nothing in Curfew',
    spec: 'Mon-Fri 08:00-18:00 UTC, never',
    at: MONDAY,
    downscaler: true,
    curfew: true,
  },
  {
    name: 'never in a list before a window that does not hold is down in Curfew',
    spec: 'never, Mon-Fri 08:00-18:00 UTC',
    at: SUNDAY,
    downscaler: 'error',
    curfew: false,
    why: "kube-downscaler compares only the whole spec with 'never'",
  },
  {
    name: 'an hour past 23 is refused by Curfew',
    spec: 'Mon-Fri 08:00-25:00 UTC',
    at: MONDAY,
    downscaler: true,
    curfew: 'error',
    why: 'kube-downscaler reads any two digits as minutes past midnight, so 25:00 is the 1500th minute',
  },
  {
    name: '24:00 as a start is refused by Curfew',
    spec: 'Mon-Fri 24:00-24:00 UTC',
    at: MONDAY,
    downscaler: false,
    curfew: 'error',
    why: 'kube-downscaler reads 24:00-24:00 as an empty window; Curfew takes 24:00 only as an end',
  },
  {
    name: 'a window after a bad one is still an error in Curfew',
    spec: 'Mon-Fri 08:00-18:00 UTC, Mon-Thur 09:00-20:00 UTC',
    at: MONDAY,
    downscaler: true,
    curfew: 'error',
    why: 'kube-downscaler stops at the first window that holds and never reads the rest',
  },
];

function curfewAnswer(row: Row): Answer {
  try {
    const schedule =
      row.downtime === undefined
        ? parseSchedule(row.spec, row.defaults)
        : downscalerSchedule({ uptime: row.spec, downtime: row.downtime }, row.defaults);
    return isUptime(schedule, Date.parse(row.at));
  } catch (e) {
    if (isCurfewInputError(e)) return 'error';
    throw e;
  }
}

describe('kube-downscaler compatibility: its test cases through Curfew', () => {
  it.each(ROWS)('$name', (row) => {
    expect(curfewAnswer(row)).toBe(row.curfew ?? row.downscaler);
  });

  it('every row where Curfew answers differently says why and is in the README table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('kube-downscaler → Curfew'));
    const differing = ROWS.filter((r) => (r.curfew ?? r.downscaler) !== r.downscaler);
    expect(differing.length).toBeGreaterThan(0);
    for (const row of differing) {
      expect(row.why, row.name).toBeDefined();
      expect(table, row.spec).toContain(`\`${row.spec}\``);
    }
  });
});
