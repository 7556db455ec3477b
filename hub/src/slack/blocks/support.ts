import { CommandStatus } from '@curfew/proto';
import type { DispatchOutcome } from '../../ports.js';
import { agentText, slackTime, spokenDuration } from './format.js';
import { escapeMrkdwn, type MessageContent } from './kit.js';
import { plainMessage } from './notices.js';

export interface SupportAnswer {
  verb: 'start' | 'stop';
  name: string;
  clusterName: string;
  outcome: DispatchOutcome;
  /** Whether the cluster's agent is connected, and when it was last heard from. */
  connected: boolean;
  lastSeen?: number;
  /** How long Curfew keeps a command for a cluster that does not answer (ms). */
  waitMs?: number;
}

/** What became of `/devenv support start|stop`, naming the pod and its cluster. */
export function supportAnswer(input: SupportAnswer): MessageContent {
  const label = `\`${escapeMrkdwn(input.name)}\` on \`${escapeMrkdwn(input.clusterName)}\``;
  const pod = `Support pod ${label}`;
  const { outcome } = input;
  switch (outcome.state) {
    case 'done': {
      // The agent's message names the pod's expiry as an instant; agentText shows it in the
      // reader's zone.
      const detail = agentText(outcome.result.message);
      if (outcome.result.status === CommandStatus.SUCCEEDED) {
        return plainMessage(
          `:white_check_mark: ${pod} ${input.verb === 'start' ? 'started' : 'stopped'}.`,
          detail || undefined,
        );
      }
      return plainMessage(
        `:warning: Could not ${input.verb} support pod ${label}.`,
        detail || 'The cluster gave no reason; see the agent’s log.',
      );
    }
    case 'pending': {
      const keeps =
        input.waitMs === undefined
          ? 'Curfew keeps the request until it expires'
          : `Curfew keeps the request for ${spokenDuration(input.waitMs)}`;
      if (!input.connected) {
        const heard =
          input.lastSeen === undefined ? '' : ` (last heard from ${slackTime(input.lastSeen)})`;
        return plainMessage(
          `:electric_plug: ${pod}: the cluster is offline${heard}.`,
          `${keeps} and carries it out if the cluster is back by then.`,
        );
      }
      return plainMessage(
        `:hourglass: ${pod}: sent; the cluster has not answered yet.`,
        `${keeps}.`,
      );
    }
    case 'expired':
      return plainMessage(
        `:warning: Nothing was done to support pod ${label}: the cluster stayed unreachable.`,
        `${escapeMrkdwn(outcome.message)} Check the agent in that cluster, then try again.`,
      );
    case 'unavailable':
      return plainMessage(
        ':warning: Curfew cannot take new work right now, so nothing was done.',
        `${escapeMrkdwn(outcome.message)} Try again in a minute; if it persists, tell your platform team.`,
      );
  }
}

/** Several clusters and none named: which one, with the command written both ways. */
export function supportWhichCluster(input: {
  commandName: string;
  /** The command as typed, without the cluster: `support start manage1 XL`. */
  words: string[];
  clusterNames: string[];
}): MessageContent {
  const [support = 'support', verb = 'start', name = '<name>', ...rest] = input.words;
  const [example = 'cluster'] = input.clusterNames;
  const prefixed = [input.commandName, support, verb, `${example}/${name}`, ...rest].join(' ');
  const trailing = [input.commandName, support, verb, name, ...rest, example].join(' ');
  return plainMessage(
    `:grey_question: Which cluster? Support pods run in one cluster's agent namespace, and ${input.clusterNames.length} clusters are registered: ${input.clusterNames.map((c) => `\`${escapeMrkdwn(c)}\``).join(', ')}.`,
    `Name it before the pod or last: \`${escapeMrkdwn(prefixed)}\` or \`${escapeMrkdwn(trailing)}\`.`,
  );
}
