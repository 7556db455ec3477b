/** A namespace's state as the admin API and the Slack side name it. */
import { NamespaceState } from '@curfew/proto';

const STATE_NAMES: Record<NamespaceState, string> = {
  [NamespaceState.UNSPECIFIED]: 'unknown',
  [NamespaceState.RUNNING]: 'running',
  [NamespaceState.SUSPENDED]: 'suspended',
  [NamespaceState.UNMANAGED]: 'unmanaged',
  [NamespaceState.SYSTEM]: 'system',
  [NamespaceState.TERMINATING]: 'terminating',
};

export const NAMESPACE_STATES = [
  'running',
  'suspended',
  'unmanaged',
  'system',
  'terminating',
] as const;

export function stateName(state: NamespaceState): string {
  return STATE_NAMES[state] ?? 'unknown';
}
