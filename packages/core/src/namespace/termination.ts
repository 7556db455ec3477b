/**
 * What a command may do to a namespace Kubernetes is deleting. A DELETE on a real apiserver
 * returns at once and leaves the namespace in `status.phase: Terminating` (deletionTimestamp set)
 * while the namespace controller removes its contents; until it vanishes Curfew must not act on
 * it: scaling or annotating it races the controller, and creating in it is refused (403).
 */
export type TerminatingAnswer =
  /** The namespace is not being deleted: the command runs as usual. */
  | { kind: 'proceed' }
  /** A DELETE of a namespace already being deleted has nothing left to do. */
  | { kind: 'already-deleting'; message: string }
  /** Any other action is refused with a clear outcome. */
  | { kind: 'refuse'; message: string };

export type NamespaceCommand = 'suspend' | 'resume' | 'snooze' | 'prolong' | 'delete';

/**
 * Rules:
 * 1. Only a Terminating namespace (phase or deletionTimestamp) is affected.
 * 2. Delete of a terminating namespace: already deleting, nothing more is sent to Kubernetes.
 * 3. Suspend, resume, snooze, prolong: refused, "is being deleted", never acted on.
 */
export function answerForTerminating(
  namespace: string,
  phase: 'Active' | 'Terminating' | undefined,
  action: NamespaceCommand,
): TerminatingAnswer {
  if (phase !== 'Terminating') return { kind: 'proceed' };
  if (action === 'delete') {
    return {
      kind: 'already-deleting',
      message: `${namespace} is already being deleted; Kubernetes removes it once its contents are gone.`,
    };
  }
  return {
    kind: 'refuse',
    message: `${namespace} is being deleted, so it cannot be ${PAST[action]}; nothing was changed.`,
  };
}

const PAST: Record<Exclude<NamespaceCommand, 'delete'>, string> = {
  suspend: 'suspended',
  resume: 'resumed',
  snooze: 'snoozed',
  prolong: 'prolonged',
};
