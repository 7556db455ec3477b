import type { ResourcePrices } from '@curfew/core';
import type { NamespaceSummary } from '@curfew/proto';
import { nsLabel } from './format.js';
import { context, type MessageContent, type SlackBlock, section } from './kit.js';
import { namespaceFacts } from './namespace-card.js';

export interface ListedNamespace {
  clusterId: string;
  clusterName: string;
  summary: NamespaceSummary;
  /** The cluster's prices, for the cost per day (App Home). */
  prices?: ResourcePrices;
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
  for (const item of sorted.slice(0, MAX_LISTED)) {
    blocks.push(
      section(
        `${nsLabel(item.summary.name, item.clusterName)} — ${namespaceFacts(item.summary, now).join(' · ')}`,
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
