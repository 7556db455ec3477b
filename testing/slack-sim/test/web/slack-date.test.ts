import { describe, expect, it } from 'vitest';
import { renderMrkdwn } from '../../src/web/client/mrkdwn.js';
import { renderSlackDate } from '../../src/web/client/slack-date.js';
import { toHtml } from '../../src/web/client/vnode.js';

// 2026-12-02T08:30:00Z: 09:30 in Berlin, 03:30 in New York, 19:30 in Sydney (daylight time).
const AT = Date.UTC(2026, 11, 2, 8, 30) / 1000;
const NOW = Date.UTC(2026, 11, 2, 7, 0);

describe('Slack date tokens in the viewer’s time zone', () => {
  it.each([
    {
      name: 'time is local to a reader in Berlin',
      format: '{time}',
      tz: 'Europe/Berlin',
      shown: '09:30',
    },
    {
      name: 'time is local to a reader in New York',
      format: '{time}',
      tz: 'America/New_York',
      shown: '03:30',
    },
    { name: 'with seconds', format: '{time_secs}', tz: 'UTC', shown: '08:30:00' },
    { name: 'the numeric date', format: '{date_num}', tz: 'UTC', shown: '2026-12-02' },
    { name: 'the date with an ordinal', format: '{date}', tz: 'UTC', shown: 'December 2nd, 2026' },
    { name: 'the short date', format: '{date_short}', tz: 'UTC', shown: 'Dec 2, 2026' },
    {
      name: 'the long date with its weekday',
      format: '{date_long}',
      tz: 'UTC',
      shown: 'Wednesday, December 2nd, 2026',
    },
    {
      name: 'pretty says today on the same local day',
      format: '{date_short_pretty} {time}',
      tz: 'Europe/Berlin',
      shown: 'today 09:30',
    },
    {
      name: 'pretty says tomorrow where that instant is already the next day',
      format: '{date_pretty}',
      tz: 'Pacific/Kiritimati',
      shown: 'today',
    },
    {
      name: 'text around the tokens is kept',
      format: 'at {time} on {date_num}',
      tz: 'Asia/Kolkata',
      shown: 'at 14:00 on 2026-12-02',
    },
    {
      name: 'an unknown token stays as written',
      format: '{weekday}',
      tz: 'UTC',
      shown: '{weekday}',
    },
  ])('$name', ({ format, tz, shown }) => {
    expect(renderSlackDate(`date^${AT}^${format}`, 'fallback', tz, NOW)).toBe(shown);
  });

  it('says tomorrow and yesterday by the viewer’s calendar, not UTC’s', () => {
    const lateEvening = Date.UTC(2026, 11, 2, 23, 30) / 1000; // 00:30 on the 3rd in Berlin
    expect(renderSlackDate(`date^${lateEvening}^{date_pretty}`, 'f', 'Europe/Berlin', NOW)).toBe(
      'tomorrow',
    );
    expect(renderSlackDate(`date^${lateEvening}^{date_pretty}`, 'f', 'UTC', NOW)).toBe('today');
    const before = Date.UTC(2026, 11, 1, 12) / 1000;
    expect(renderSlackDate(`date^${before}^{date_short_pretty}`, 'f', 'UTC', NOW)).toBe(
      'yesterday',
    );
  });

  it('shows the fallback without a viewer time zone, for a malformed token, or an unknown zone', () => {
    expect(renderSlackDate(`date^${AT}^{time}`, 'fb', undefined, NOW)).toBe('fb');
    expect(renderSlackDate('date^soon^{time}', 'fb', 'UTC', NOW)).toBe('fb');
    expect(renderSlackDate(`date^${AT}^{time}`, 'fb', 'Mars/Olympus', NOW)).toBe('fb');
  });

  it('renders in a message for the viewer, and as the fallback for a page with nobody signed in', () => {
    const text = `shuts down <!date^${AT}^{time}|2026-12-02 08:30 UTC>`;
    const none = { user: () => undefined, channel: () => undefined };
    expect(toHtml(renderMrkdwn(text, { ...none, timeZone: 'America/New_York' }))).toContain(
      '03:30',
    );
    expect(toHtml(renderMrkdwn(text, none))).toContain('2026-12-02 08:30 UTC');
  });
});
