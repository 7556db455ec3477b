import type { Destination } from '../outbox/types.js';

export type DestinationChoice =
  | { to: Destination; via: 'owner' | 'namespace-channel' | 'cluster-channel' }
  | { to: null; reason: string };

/**
 * SPEC "Owner resolution": the owner's DM when Slack knows them, else the namespace's
 * channel, else the cluster's default channel; else nobody can be told (and the API
 * lists the namespace as unreachable).
 */
export function chooseDestination(input: {
  ownerAnnotation: string;
  ownerUserId: string | null;
  namespaceChannel: string;
  clusterChannel: string | undefined;
}): DestinationChoice {
  if (input.ownerUserId !== null) return { to: { user: input.ownerUserId }, via: 'owner' };
  if (input.namespaceChannel.trim() !== '') {
    return { to: { channel: input.namespaceChannel.trim() }, via: 'namespace-channel' };
  }
  if (input.clusterChannel !== undefined && input.clusterChannel.trim() !== '') {
    return { to: { channel: input.clusterChannel.trim() }, via: 'cluster-channel' };
  }
  const owner = input.ownerAnnotation.trim();
  return {
    to: null,
    reason:
      owner === ''
        ? 'no curfew.dev/owner, no curfew.dev/channel and no default channel for the cluster'
        : `Slack knows no user "${owner}", and there is no curfew.dev/channel or cluster default channel`,
  };
}
