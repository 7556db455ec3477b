import type { SlashCommand } from '@curfew/core';
import { commandErrorMessage, helpMessage } from '../blocks/command-answers.js';
import { plainMessage } from '../blocks/notices.js';
import type { MessageContent } from '../outbox/types.js';

/**
 * What Slack shows at once (in the ack, within 3 s): the whole answer for help and
 * errors, a placeholder the outcome replaces for everything that needs the clusters.
 */
export function immediateAnswer(
  command: SlashCommand,
  commandName: string,
): { content: MessageContent; final: boolean } {
  switch (command.kind) {
    case 'help':
      return { content: helpMessage(commandName), final: true };
    case 'error':
      return {
        content: commandErrorMessage(command.message, command.usage, commandName),
        final: true,
      };
    case 'list':
      return { content: plainMessage(':mag: Looking up your namespaces…'), final: false };
    case 'status':
    case 'delete':
      return {
        content: plainMessage(`:mag: Looking up \`${command.target.namespace}\`…`),
        final: false,
      };
    case 'start':
      return {
        content: plainMessage(`:arrow_forward: Resuming \`${command.target.namespace}\`…`),
        final: false,
      };
    case 'stop':
      return {
        content: plainMessage(`:double_vertical_bar: Suspending \`${command.target.namespace}\`…`),
        final: false,
      };
    case 'prolong':
      return {
        content: plainMessage(`:alarm_clock: Prolonging \`${command.target.namespace}\`…`),
        final: false,
      };
    case 'extend':
      return {
        content: plainMessage(
          `:hourglass_flowing_sand: Extending time bombs under \`${command.sku}\`…`,
        ),
        final: false,
      };
    case 'support-start':
    case 'support-stop':
      return {
        content: plainMessage(`:wrench: Working on support pod \`${command.name}\`…`),
        final: false,
      };
  }
}
