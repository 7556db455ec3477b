import { timestampMs } from '@bufbuild/protobuf/wkt';
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

/** A Slack user mention when it is a user id, else the text (an email, "schedule"). */
export function who(actor: string): string {
  if (/^[UW][A-Z0-9]{2,}$/.test(actor)) return `<@${actor}>`;
  if (actor === '') return 'someone';
  return escapeMrkdwn(actor);
}
