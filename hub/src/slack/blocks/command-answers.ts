import { usageText } from '@curfew/core';
import { ACTION } from './action-ids.js';
import { actions, button, context, escapeMrkdwn, type MessageContent, section } from './kit.js';

export function helpMessage(commandName: string): MessageContent {
  const usage = usageText(commandName);
  return { text: usage, blocks: [section(`\`\`\`${escapeMrkdwn(usage)}\`\`\``)] };
}

/** A command that could not be parsed: what is wrong, then how to write it. */
export function commandErrorMessage(
  message: string,
  usage: string,
  commandName: string,
): MessageContent {
  // core writes usage for /devenv; the command may be named differently in this workspace.
  const localUsage = usage.replaceAll('/devenv', commandName);
  return {
    text: `${message}\n${localUsage}`,
    blocks: [
      section(`:warning: ${escapeMrkdwn(message)}`),
      context(`\`\`\`${escapeMrkdwn(localUsage)}\`\`\``),
    ],
  };
}

export interface ClusterChoice {
  clusterName: string;
  /** The command text to run if this one is chosen. */
  commandText: string;
}

/** "team-a exists in 2 clusters — which one?" with one button per cluster. */
export function whichClusterMessage(
  namespace: string,
  choices: readonly ClusterChoice[],
): MessageContent {
  return {
    text: `${namespace} exists in ${choices.length} clusters. Which one did you mean?`,
    blocks: [
      section(
        `:question: \`${escapeMrkdwn(namespace)}\` exists in ${choices.length} clusters. Which one did you mean?`,
      ),
      actions(
        'choose-cluster',
        choices.slice(0, 25).map((c, i) =>
          button(c.clusterName, `${ACTION.chooseCluster}_${i}`, {
            value: JSON.stringify({ t: c.commandText }),
          }),
        ),
      ),
      context(`Next time you can write \`cluster/${escapeMrkdwn(namespace)}\`.`),
    ],
  };
}
