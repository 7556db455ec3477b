import { costPerDayText } from './cost.js';
import { nsLabel } from './format.js';
import { context, divider, escapeMrkdwn, header, type SlackBlock, section } from './kit.js';
import { type ListedNamespace, offlineNotes, staleMark } from './list.js';
import { namespaceActions } from './namespace-actions.js';
import { namespaceFacts } from './namespace-card.js';

/** A home tab holds at most 100 blocks; each namespace takes two or three. */
const MAX_SHOWN = 30;

/**
 * App Home: the user's namespaces across all clusters with state, next shutdown and
 * the buttons that apply (SPEC "Slack").
 */
export function homeView(input: {
  items: readonly ListedNamespace[];
  now: number;
  commandName: string;
  notice?: string;
}): Record<string, unknown> {
  const blocks: SlackBlock[] = [header('Your namespaces')];
  if (input.notice !== undefined) blocks.push(section(escapeMrkdwn(input.notice)));
  if (input.items.length === 0) {
    blocks.push(
      section(
        'Curfew knows of no namespace you own or collaborate on. A namespace is yours when its `curfew.dev/owner` annotation is your email or Slack user id.',
      ),
    );
  }
  blocks.push(...offlineNotes(input.items));
  const sorted = [...input.items].sort(
    (a, b) =>
      a.clusterName.localeCompare(b.clusterName) || a.summary.name.localeCompare(b.summary.name),
  );
  for (const item of sorted.slice(0, MAX_SHOWN)) {
    blocks.push(divider());
    blocks.push(
      section(
        `${nsLabel(item.summary.name, item.clusterName)}\n${facts(item, input.now).join('\n')}`,
      ),
    );
    const buttons = namespaceActions(
      { clusterId: item.clusterId, namespace: item.summary.name },
      item.summary.state,
      item.clusterName,
    );
    if (buttons) blocks.push(buttons);
  }
  if (input.items.length > MAX_SHOWN) {
    blocks.push(
      context(
        `…and ${input.items.length - MAX_SHOWN} more: \`${input.commandName} list\` shows all.`,
      ),
    );
  }
  blocks.push(context(`\`${input.commandName} help\` lists every command.`));
  return { type: 'home', blocks };
}

/** The card's facts plus, when it requests anything, what it costs per day. */
function facts(item: ListedNamespace, now: number): string[] {
  const cost = costPerDayText(item.summary.requested, item.prices, item.summary.cloudResources);
  const lines = namespaceFacts(item.summary, now);
  const all = cost ? [...lines, `Cost: ${cost}`] : lines;
  const stale = staleMark(item);
  return stale ? [...all, stale.replace(/^ · /, '')] : all;
}
