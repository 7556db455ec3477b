import type { ResourcePrices } from '@curfew/core';
import type { Notification } from '@curfew/proto';
import { NamespaceState, NotificationKind } from '@curfew/proto';
import { expiryMessage } from '../blocks/expiry.js';
import { agentText, msOf, nsLabel, stripMarkup, who } from '../blocks/format.js';
import { context, section } from '../blocks/kit.js';
import { namespaceActions } from '../blocks/namespace-actions.js';
import { reminderMessage } from '../blocks/reminder.js';
import type { MessageContent } from '../outbox/types.js';

export interface RenderInput {
  clusterId: string;
  clusterName: string;
  /** The cluster's prices, for the cost per day in reminders. */
  prices?: ResourcePrices;
  notification: Notification;
  now: number;
}

/** An agent's notification as a Slack message (undefined: nothing worth saying). */
export function renderNotification(input: RenderInput): MessageContent | undefined {
  const { notification: n, clusterId, clusterName } = input;
  const label = nsLabel(n.namespace, clusterName);
  const key = { clusterId, namespace: n.namespace };
  const detail = n.text === '' ? [] : [context(agentText(withoutHeadline(n)))];
  switch (n.kind) {
    case NotificationKind.REMINDER: {
      const shutdownAt = msOf(n.shutdownAt);
      if (shutdownAt === undefined) return undefined;
      return reminderMessage({
        clusterId,
        clusterName,
        namespace: n.namespace,
        shutdownAt,
        runningPods: n.runningPods,
        requested: n.requested,
        cloud: n.cloudResources,
        ...(input.prices ? { prices: input.prices } : {}),
        now: input.now,
      });
    }
    case NotificationKind.SUSPENDED: {
      const by = n.actor === '' || n.actor === 'schedule' ? 'on schedule' : `by ${who(n.actor)}`;
      const buttons = namespaceActions(key, NamespaceState.SUSPENDED, clusterName);
      return {
        text: `${n.namespace} on ${clusterName} was suspended`,
        blocks: [
          section(
            `:double_vertical_bar: ${label} was suspended ${by}. Resume it whenever you need it.`,
          ),
          ...detail,
          ...(buttons ? [buttons] : []),
        ],
      };
    }
    case NotificationKind.RESUMED:
      return {
        text: `${n.namespace} on ${clusterName} is running again`,
        blocks: [section(`:arrow_forward: ${label} is running again.`), ...detail],
      };
    case NotificationKind.EXPIRY_WARNING:
    case NotificationKind.EXPIRED:
      return expiryMessage({
        clusterId,
        clusterName,
        namespace: n.namespace,
        workloads: n.workloads,
        expired: n.kind === NotificationKind.EXPIRED,
        now: input.now,
      });
    case NotificationKind.ACTION_OUTCOME:
      return {
        text: `${n.namespace} on ${clusterName}: ${stripMarkup(agentText(n.text || 'done'))}`,
        blocks: [section(`:information_source: ${label}: ${agentText(n.text || 'done')}`)],
      };
    case NotificationKind.DRIFT:
      return {
        text: `Something keeps undoing the suspend of ${n.namespace} on ${clusterName}`,
        blocks: [
          section(
            `:warning: Something keeps undoing the suspend of ${label} — usually a GitOps tool (Argo CD, Flux) syncing the replicas back. Exclude the replica count from sync, or mark the workload \`curfew.dev/exclude=true\`.`,
          ),
          ...detail,
        ],
      };
    default:
      return undefined;
  }
}

/**
 * The agent's text without the sentence the headline already says: a suspend's text opens with
 * "team-a was suspended by U0123ABCD: " and its headline says who already, as a mention.
 */
function withoutHeadline(n: Notification): string {
  if (n.kind !== NotificationKind.SUSPENDED) return n.text;
  const opening = `${n.namespace} was suspended by ${n.actor}: `;
  return n.text.startsWith(opening) ? capitalize(n.text.slice(opening.length)) : n.text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
