import { timestampMs } from '@bufbuild/protobuf/wkt';
import { plural } from '@curfew/core';
import type { NamespaceSummary } from '@curfew/proto';
import { NamespaceState } from '@curfew/proto';
import { escapeMrkdwn } from './kit.js';

type Timestamp = Parameters<typeof timestampMs>[0];

export function msOf(ts: Timestamp | undefined): number | undefined {
  return ts === undefined ? undefined : timestampMs(ts);
}

/**
 * A time Slack renders in each reader's own time zone (`<!date^…>`), with a UTC
 * fallback for clients that cannot.
 */
export function slackTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const fallback = `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
}

/** "in 15 min", "in 2 h 5 min", "in 3 d 4 h" — for reminders, relative to `now`. */
export function relative(ms: number, now: number): string {
  const minutes = Math.round((ms - now) / 60_000);
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `in ${hours} h` : `in ${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `in ${days} d` : `in ${days} d ${hours % 24} h`;
}

/** "45 seconds", "15 minutes", "1 hour 30 minutes", "2 days": a length of time in words. */
export function spokenDuration(ms: number): string {
  if (ms < 59_500) return plural(Math.max(0, Math.round(ms / 1000)), 'second');
  const minutes = Math.round(ms / 60_000);
  const parts: string[] = [];
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) parts.push(plural(days, 'day'));
  if (hours > 0) parts.push(plural(hours, 'hour'));
  // Days and minutes together are more precision than anyone reads.
  if (minutes % 60 > 0 && days === 0) parts.push(plural(minutes % 60, 'minute'));
  return parts.join(' ');
}

export function stateLabel(state: NamespaceState): string {
  switch (state) {
    case NamespaceState.RUNNING:
      return 'running';
    case NamespaceState.SUSPENDED:
      return 'suspended';
    case NamespaceState.UNMANAGED:
      return 'not managed by Curfew';
    case NamespaceState.SYSTEM:
      return 'system namespace (never touched)';
    case NamespaceState.TERMINATING:
      return 'being deleted';
    default:
      return 'unknown';
  }
}

export function stateEmoji(state: NamespaceState): string {
  switch (state) {
    case NamespaceState.RUNNING:
      return ':large_green_circle:';
    case NamespaceState.SUSPENDED:
      return ':double_vertical_bar:';
    case NamespaceState.TERMINATING:
      return ':wastebasket:';
    default:
      return ':white_circle:';
  }
}

/** "2.5 vCPU, 6 GiB requested" from the agent's summed pod requests. */
export function resources(requested: NamespaceSummary['requested']): string | undefined {
  if (!requested || (requested.cpuMillis === 0n && requested.memoryBytes === 0n)) return undefined;
  const cpu = Number(requested.cpuMillis) / 1000;
  const gib = Number(requested.memoryBytes) / 1024 ** 3;
  return `${trim(cpu)} vCPU, ${trim(gib)} GiB requested`;
}

function trim(value: number): string {
  return value >= 10 ? value.toFixed(0) : String(Math.round(value * 10) / 10);
}

/** `*team-a*` on `cluster-a`, escaped for mrkdwn. */
export function nsLabel(namespace: string, clusterName: string): string {
  return `*${escapeMrkdwn(namespace)}* on \`${escapeMrkdwn(clusterName)}\``;
}

/**
 * Text an agent wrote (a command's message, a notification's detail) as a person should read it:
 * escaped for mrkdwn, every instant in it ("snoozed until 2026-12-02T13:27:47.000Z") as a Slack
 * date in the reader's own time zone, and every Slack user id ("suspended by U0123ABCD") as a
 * mention, which Slack shows as the person's name. Agents write plain text because they know
 * neither Slack nor the reader; older agents keep sending it, so the hub converts what arrives.
 */
export function agentText(text: string): string {
  return escapeMrkdwn(text)
    .replace(ISO_INSTANT, (iso) => {
      const ms = Date.parse(iso);
      return Number.isNaN(ms) ? iso : slackTime(ms);
    })
    .replace(SLACK_USER_ID, (id) => `<@${id}>`);
}

/** RFC 3339 instants as agents and core write them (seconds and fraction optional). */
const ISO_INSTANT =
  /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * Slack user ids: U or W, then upper-case letters and digits, at least one a digit (so words in
 * capitals such as "UNAVAILABLE" are left alone). Not already inside a mention.
 */
const SLACK_USER_ID = /(?<![@\w])[UW](?=[A-Z0-9]*\d)[A-Z0-9]{8,}\b/g;

/**
 * Notification text (what phones and the fallback show): bold, code and emoji removed. Mentions
 * and date tokens stay: Slack renders them in `text` too, as the person's name and in the
 * reader's time zone.
 */
export function stripMarkup(text: string): string {
  // Odd parts are the <…> tokens themselves, left as they are ({date_short_pretty} has a "_").
  return text
    .split(/(<[^>]*>)/)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(/:[a-z_]+: ?/g, '').replace(/[*_`~]/g, ''),
    )
    .join('');
}

/** A Slack user mention when it is a user id, else the text (an email, "schedule"). */
export function who(actor: string): string {
  if (/^[UW][A-Z0-9]{2,}$/.test(actor)) return `<@${actor}>`;
  if (actor === '') return 'someone';
  return escapeMrkdwn(actor);
}
