import { fromJson } from '@bufbuild/protobuf';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { NotificationKind, NotificationSchema } from '@curfew/proto';
import { chooseDestination } from '../access/destination.js';
import { closedReminder } from '../blocks/reminder.js';
import type { SlackContext } from '../flow/context.js';
import type { DeliverJob } from '../outbox/types.js';
import { ownActionComingBack } from './in-place.js';
import { notificationMessageKey } from './message-key.js';
import { renderNotification } from './render.js';

/**
 * Decides who hears about a notification and queues the message (keyed by its cluster and
 * notification id, so a re-sent notification is one message): the namespace's owner and
 * channel as the cluster's snapshots report them. Namespaces whose owner cannot be reached
 * are recorded for the admin API.
 */
export async function deliverNotification(ctx: SlackContext, job: DeliverJob): Promise<void> {
  const n = fromJson(NotificationSchema, job.notification as never);
  const now = ctx.clock.now();
  if (n.staleAfter && timestampMs(n.staleAfter) < now) {
    ctx.logger.info({ id: n.id, kind: NotificationKind[n.kind] }, 'stale notification dropped');
    return;
  }
  if (n.kind === NotificationKind.ACTION_OUTCOME && n.commandId !== '') {
    // Asked for in Slack: the message that asked already shows the outcome.
    if (await ctx.messages.wasCommandShown(n.commandId)) return;
  }
  const cluster = await ctx.clusters.get(job.clusterId);
  const content = renderNotification({
    clusterId: job.clusterId,
    clusterName: cluster?.name ?? job.clusterId,
    ...(cluster?.prices ? { prices: cluster.prices } : {}),
    notification: n,
    now,
  });
  if (!content) return;

  // Who to tell comes from what the hub knows of the namespace (the cluster's snapshots),
  // never from the notification itself: an agent taken over could otherwise send any
  // message to anyone. The agent reports a namespace's changes before notifying about it.
  const [known] = await ctx.namespaces.find(n.namespace, job.clusterId);
  const owner = known?.summary.owner ?? '';
  const channel = known?.summary.channel ?? '';
  const choice = chooseDestination({
    ownerAnnotation: owner,
    ownerUserId: await ctx.identities.userFor(owner),
    namespaceChannel: channel,
    clusterChannel: cluster?.defaultChannel,
  });
  const where = `${job.clusterId}/${n.namespace}`;
  if (choice.to === null) {
    await ctx.unreachable.record(where, choice.reason, now);
    await ctx.audit.record({
      at: now,
      actor: 'slack',
      action: `notify:${NotificationKind[n.kind]?.toLowerCase() ?? 'unknown'}`,
      clusterId: job.clusterId,
      namespace: n.namespace,
      outcome: 'failed',
      detail: choice.reason,
    });
    return;
  }
  if (choice.via === 'owner') await ctx.unreachable.clear(where);
  const key = notificationMessageKey(job.clusterId, n.id);
  if (ownActionComingBack(n, choice.to)) {
    // One action, one message: the open reminder (often the very message they clicked) turns
    // into the news rather than "closed" plus a new DM. A re-sent notification is one deliver
    // job (its id), so it does not come here twice.
    const open = await ctx.messages.takeNamespaceMessage(job.clusterId, n.namespace);
    if (open !== null) {
      ctx.logger.info({ id: n.id, namespace: n.namespace }, 'own suspend shown in place');
      await ctx.outbox.update({ kind: 'posted', key: open }, content);
      return;
    }
  }
  await closeOpenReminder(ctx, job.clusterId, n.namespace, n.kind, cluster?.name ?? job.clusterId);
  await ctx.outbox.post(key, choice.to, content);
  if (n.kind === NotificationKind.REMINDER) {
    await ctx.messages.rememberNamespaceMessage(job.clusterId, n.namespace, key);
  }
}

const CLOSES_REMINDER: Partial<Record<NotificationKind, string>> = {
  [NotificationKind.REMINDER]: 'a newer reminder follows',
  [NotificationKind.SUSPENDED]: 'it has been suspended',
  [NotificationKind.RESUMED]: 'it is running again',
};

/**
 * An earlier reminder's buttons would act on a namespace whose situation has changed:
 * replace that reminder in place with a line saying why it is closed.
 */
async function closeOpenReminder(
  ctx: SlackContext,
  clusterId: string,
  namespace: string,
  kind: NotificationKind,
  clusterName: string,
): Promise<void> {
  const why = CLOSES_REMINDER[kind];
  if (why === undefined) return;
  const previous = await ctx.messages.takeNamespaceMessage(clusterId, namespace);
  if (previous === null) return;
  await ctx.outbox.update(
    { kind: 'posted', key: previous },
    closedReminder(namespace, clusterName, why),
    'notification',
  );
}
