import { formatDuration, type SlashCommand } from '@curfew/core';

/**
 * The command text again with the namespace qualified by a cluster — what the user
 * would have typed had they named the cluster (used by "which one?" buttons).
 */
export function qualifiedCommandText(command: SlashCommand, cluster: string): string | undefined {
  switch (command.kind) {
    case 'status':
    case 'start':
    case 'stop':
    case 'delete':
      return `${command.kind} ${cluster}/${command.target.namespace}`;
    case 'prolong':
      return `prolong ${cluster}/${command.target.namespace} for ${formatDuration(command.durationMs)}`;
    default:
      return undefined;
  }
}
