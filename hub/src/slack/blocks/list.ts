import type { ResourcePrices } from '@curfew/core';
import type { NamespaceSummary } from '@curfew/proto';
import { nsLabel, slackTime } from './format.js';
import { context, escapeMrkdwn, type MessageContent, type SlackBlock, section } from './kit.js';
import { namespaceFacts } from './namespace-card.js';

export interface ListedNamespace {
  clusterId: string;
  clusterName: string;
  summary: NamespaceSummary;
  /** The cluster's prices, for the cost per day (App Home). */
  prices?: ResourcePrices;
  /**
   * Set when the cluster's agent is not connected: what is shown is as the agent last reported
   * it, before `lastSeen` (its last heartbeat), and may no longer be true.
   */
  offline?: { lastSeen?: number };
}

/** " · stale, as of <time>" after the facts of a namespace whose cluster is offline. */
export function staleMark(item: ListedNamespace): string {
  if (!item.offline) return '';
  const { lastSeen } = item.offline;
  return ` · :warning: _stale${lastSeen === undefined ? '' : `, as of ${slackTime(lastSeen)}`}_`;
}

/** One line per offline cluster among the listed: why its namespaces are marked stale. */
export function offlineNotes(items: readonly ListedNamespace[]): SlackBlock[] {
  const offline = new Map<string, number | undefined>();
  for (const item of items) if (item.offline) offline.set(item.clusterName, item.offline.lastSeen);
  return [...offline.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, lastSeen]) =>
      context(
        `:warning: \`${escapeMrkdwn(name)}\` is offline${lastSeen === undefined ? '' : ` (last heard from ${slackTime(lastSeen)})`}: its namespaces are shown as it last reported them, and actions on them wait until it is back.`,
      ),
    );
}

/** Slack allows 50 blocks per message; leave room for the header and footer. */
const MAX_LISTED = 40;

/** `/devenv list`: the user's namespaces in every cluster, one line of facts each. */
export function listMessage(
  items: readonly ListedNamespace[],
  now: number,
  commandName: string,
): MessageContent {
  if (items.length === 0) {
    return {
      text: 'You own no namespaces Curfew knows of.',
      blocks: [
        section(
          'You own no namespaces Curfew knows of. A namespace is yours when its `curfew.dev/owner` annotation is your email or Slack user id.',
        ),
      ],
    };
  }
  const sorted = [...items].sort(
    (a, b) =>
      a.clusterName.localeCompare(b.clusterName) || a.summary.name.localeCompare(b.summary.name),
  );
  const blocks: SlackBlock[] = [section(`*Your namespaces* (${items.length})`)];
  blocks.push(...offlineNotes(items));
  for (const item of sorted.slice(0, MAX_LISTED)) {
    blocks.push(
      section(
        `${nsLabel(item.summary.name, item.clusterName)} — ${namespaceFacts(item.summary, now).join(' · ')}${staleMark(item)}`,
      ),
    );
  }
  if (items.length > MAX_LISTED) {
    blocks.push(
      context(`…and ${items.length - MAX_LISTED} more. The App Home tab shows all of them.`),
    );
  }
  blocks.push(context(`\`${commandName} status <namespace>\` shows one with its buttons.`));
  return { text: `Your namespaces (${items.length})`, blocks };
}
