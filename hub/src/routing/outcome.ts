/** What a requester is told about a stored command. */
import { CommandStatus } from '@curfew/proto';
import type { DispatchOutcome, StoredCommand } from '../ports.js';

function minutes(ms: number): string {
  const value = Math.round(ms / 60_000);
  return value === 1 ? '1 minute' : `${value} minutes`;
}

/** The outcome of a finished command, or pending. */
export function outcomeOf(command: StoredCommand): DispatchOutcome {
  const commandId = command.id;
  if (command.state === 'done' && command.result) {
    if (command.result.status === CommandStatus.EXPIRED) {
      return {
        state: 'expired',
        commandId,
        message:
          command.result.message ||
          `the agent of cluster ${command.clusterId} received the command after its deadline and did not run it`,
      };
    }
    return { state: 'done', commandId, result: command.result };
  }
  if (command.state === 'expired') {
    const waited = minutes(command.deadline - command.createdAt);
    return {
      state: 'expired',
      commandId,
      message:
        command.expiredFrom === 'queued'
          ? `cluster ${command.clusterId} was not connected for ${waited}; the command was not run. Check the agent, then try again`
          : `cluster ${command.clusterId} received the command but reported no result in time; check the namespace's state before retrying`,
    };
  }
  const progress = command.progress?.message;
  return progress ? { state: 'pending', commandId, progress } : { state: 'pending', commandId };
}

export function isFinal(outcome: DispatchOutcome): boolean {
  return outcome.state === 'done' || outcome.state === 'expired';
}
