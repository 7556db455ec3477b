/**
 * The one name of an agent notification on the Slack side: the outbox job that delivers it and
 * the message it posts. Agents choose notification ids only unique within their own cluster (a
 * reminder id is `reminder:<namespace>:<offset>@<shutdown>`), and the same namespace name with the
 * same schedule exists in several clusters — so the id is always scoped here by the cluster the
 * notification arrived from, which is the stream's authenticated cluster, never anything the agent
 * wrote. Without it, the second cluster's reminders were silently taken for re-sends of the first's.
 */
export function notificationMessageKey(clusterId: string, notificationId: string): string {
  return `notification:${clusterId}/${notificationId}`;
}
