import type { CommandResult } from '@curfew/proto';
import { CommandStatus } from '@curfew/proto';
import { agentText, nsLabel, slackTime, spokenDuration, stripMarkup, who } from './format.js';
import { context, escapeMrkdwn, type MessageContent, section } from './kit.js';

/** Short messages: progress, refusals, errors that say what to do. */

export function plainMessage(text: string, detail?: string): MessageContent {
  return {
    text: stripMarkup(text),
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

/**
 * The cluster has begun a long action and said so (a delete waits for Kubernetes to remove the
 * namespace's contents): its own words, and that the message updates when it is done.
 */
export function workingMessage(
  verb: string,
  namespace: string,
  clusterName: string,
  progress: string,
): MessageContent {
  return plainMessage(
    `:hourglass_flowing_sand: ${verb} ${nsLabel(namespace, clusterName)}… ${agentText(progress)}`,
    'This message updates when the cluster reports the end.',
  );
}

export function refusalMessage(what: string, reason: string): MessageContent {
  return plainMessage(`:no_entry: You may not ${what}.`, reason);
}

/** Why a command is still waiting: its cluster, and how long Curfew keeps the command. */
export interface PendingFacts {
  /** False when the cluster's agent is not connected. */
  connected: boolean;
  /** When the hub last heard from the agent. */
  lastSeen?: number;
  /** How long Curfew keeps a command for a cluster that does not answer (ms). */
  waitMs?: number;
}

export function pendingMessage(
  verb: string,
  namespace: string,
  clusterName: string,
  facts?: PendingFacts,
): MessageContent {
  const label = nsLabel(namespace, clusterName);
  const keeps =
    facts?.waitMs === undefined
      ? 'Curfew keeps the request until it expires'
      : `Curfew keeps the request for ${spokenDuration(facts.waitMs)}`;
  if (facts && !facts.connected) {
    const heard =
      facts.lastSeen === undefined ? '' : ` (last heard from ${slackTime(facts.lastSeen)})`;
    return plainMessage(
      `:electric_plug: ${verb} ${label} — cluster \`${escapeMrkdwn(clusterName)}\` is offline${heard}.`,
      `${keeps} and carries it out if the cluster is back by then; this message updates either way.`,
    );
  }
  return plainMessage(
    `:hourglass: ${verb} ${label} — the cluster has not answered yet.`,
    `${keeps}; this message updates when the cluster answers or the request expires.`,
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
  const detail = input.result.message === '' ? undefined : agentText(input.result.message);
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
      // A delete fails only when Kubernetes keeps the namespace terminating: asking again waits
      // the same way; what holds it is a finalizer for its owner (or an admin) to deal with.
      if (input.what === 'delete' && input.result.status === CommandStatus.FAILED) {
        return plainMessage(
          `:warning: ${label} is not gone yet: Kubernetes is still deleting it.`,
          `${detail ?? 'No reason given.'} Curfew does not force it: the controller that owns a finalizer removes it, or an admin does (\`kubectl get namespace ${escapeMrkdwn(input.namespace)} -o yaml\`).`,
        );
      }
      return plainMessage(
        `:x: Could not ${input.what} ${label}.`,
        `${detail ?? 'No reason given.'} Try again; if it fails again, ask your platform team.`,
      );
  }
}
