import { type Notification, NotificationKind } from '@curfew/proto';
import type { Destination } from '../outbox/types.js';

/**
 * Whether this notification is the owner's own Slack action coming back: a suspend they asked
 * for (it carries the command's id, and the agent names the requester, a Slack user id, as its
 * actor) reported to their own DM. They already watch it in the message they acted from
 * ("Suspending…" → "Suspended by you"), so a new DM saying it again would make one action two
 * messages: the namespace's open reminder becomes the news instead, in place (the deliverer
 * posts a new message only when no reminder is open). Someone else's suspend, the schedule's,
 * and the admin API's (actor `api:<name>`) still reach the owner as a new message.
 */
export function ownActionComingBack(
  n: Pick<Notification, 'kind' | 'commandId' | 'actor'>,
  to: Destination,
): boolean {
  return (
    n.kind === NotificationKind.SUSPENDED &&
    n.commandId !== '' &&
    n.actor !== '' &&
    'user' in to &&
    to.user === n.actor
  );
}
