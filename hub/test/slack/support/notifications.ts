import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { type Notification, NotificationKind, NotificationSchema } from '@curfew/proto';

export function notification(
  init: Partial<Omit<Notification, '$typeName'>> & {
    id: string;
    kind: NotificationKind;
    namespace: string;
  },
): Notification {
  return create(NotificationSchema, { createdAt: timestampFromMs(Date.now()), ...init });
}

/** A reminder 15 minutes before shutdown, with 3 pods running. */
export function reminder(
  id: string,
  namespace: string,
  owner: string,
  extra: Partial<Omit<Notification, '$typeName'>> = {},
): Notification {
  return notification({
    id,
    kind: NotificationKind.REMINDER,
    namespace,
    owner,
    shutdownAt: timestampFromMs(Date.now() + 15 * 60_000),
    minutesBefore: 15,
    runningPods: 3,
    ...extra,
  });
}
