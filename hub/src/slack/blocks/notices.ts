import type { CommandResult } from '@curfew/proto';
import { CommandStatus } from '@curfew/proto';
import { nsLabel, who } from './format.js';
import { context, escapeMrkdwn, type MessageContent, section } from './kit.js';

/** Short messages: progress, refusals, errors that say what to do. */

export function plainMessage(text: string, detail?: string): MessageContent {
  return {
    text: stripForNotification(text),
    blocks: detail === undefined ? [section(text)] : [section(text), context(detail)],
  };
}

export function progressMessage(
  verb: string,
  namespace: string,
  clusterName: string,
): MessageContent {
  return plainMessage(`:hourglass_flowing_sand: ${verb} ${nsLabel(namespace, clusterName)}…`);
}

export function refusalMessage(what: string, reason: string): MessageContent {
  return plainMessage(`:no_entry: You may not ${what}.`, reason);
}

export function pendingMessage(
  verb: string,
  namespace: string,
  clusterName: string,
): MessageContent {
  return plainMessage(
    `:hourglass: ${verb} ${nsLabel(namespace, clusterName)} — the cluster has not answered yet. This message updates when it does.`,
  );
}

export function expiredMessage(
  namespace: string,
  clusterName: string,
  message: string,
): MessageContent {
  return plainMessage(
    `:warning: Nothing was done to ${nsLabel(namespace, clusterName)}: the cluster stayed unreachable.`,
    `${escapeMrkdwn(message)} Check the agent in that cluster, then try again.`,
  );
}

export function unavailableMessage(message: string, reason?: 'cluster'): MessageContent {
  // A cluster that is not registered will not appear by waiting: say so, not "try again".
  if (reason === 'cluster') {
    return plainMessage(':warning: Nothing was done.', escapeMrkdwn(message));
  }
  return plainMessage(
    ':warning: Curfew cannot take new work right now, so nothing was done.',
    `${escapeMrkdwn(message)} Try again in a minute; if it persists, tell your platform team.`,
  );
}

export const STORE_DOWN: MessageContent = unavailableMessage(
  'Its data store (Redis) is unreachable.',
);

/** The agent's answer to a command, for statuses without a namespace card. */
export function resultMessage(input: {
  /** "Suspended", "Snoozed for 3h". */
  done: string;
  /** "suspend", "snooze". */
  what: string;
  namespace: string;
  clusterName: string;
  result: CommandResult;
  actor: string;
}): MessageContent {
  const label = nsLabel(input.namespace, input.clusterName);
  const detail = input.result.message === '' ? undefined : escapeMrkdwn(input.result.message);
  switch (input.result.status) {
    case CommandStatus.SUCCEEDED:
    case CommandStatus.ACCEPTED:
      return plainMessage(
        `:white_check_mark: ${input.done} ${label} (by ${who(input.actor)}).`,
        detail,
      );
    case CommandStatus.REJECTED:
      return plainMessage(`:no_entry: The cluster refused to ${input.what} ${label}.`, detail);
    case CommandStatus.EXPIRED:
      return plainMessage(
        `:warning: Could not ${input.what} ${label} in time; the cluster gave up.`,
        detail,
      );
    default:
      return plainMessage(
        `:x: Could not ${input.what} ${label}.`,
        `${detail ?? 'No reason given.'} Try again; if it fails again, ask your platform team.`,
      );
  }
}

function stripForNotification(text: string): string {
  return text
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/[*_`]/g, '')
    .replace(/:[a-z_]+: ?/g, '');
}
