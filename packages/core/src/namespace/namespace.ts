import { ANNOTATIONS, LABELS } from '../common/annotations.js';
import { type ClusterPolicy, isSystemNamespace } from './policy.js';

/** What the agent sees of one namespace; everything the decision needs, nothing it must remember. */
export interface NamespaceObservation {
  name: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** Pods in phase Running or Pending. */
  runningPods: number;
  /** Non-excluded Deployments/StatefulSets with spec.replicas > 0. */
  scaledUpWorkloads: number;
  phase?: 'Active' | 'Terminating';
}

export type NamespaceState = 'running' | 'suspended' | 'unmanaged' | 'system';

export type Management =
  | { managed: true }
  | { managed: false; state: 'system' | 'unmanaged'; reason: string };

/**
 * Whether Curfew may act on the namespace at all. System namespaces come first so that no label
 * can opt `kube-system` or the agent itself in; Terminating namespaces are left to Kubernetes.
 */
export function managementOf(obs: NamespaceObservation, policy: ClusterPolicy): Management {
  if (isSystemNamespace(obs.name, policy)) {
    return { managed: false, state: 'system', reason: 'system namespace, never touched' };
  }
  if (obs.phase === 'Terminating') {
    return { managed: false, state: 'unmanaged', reason: 'namespace is terminating' };
  }
  const label = obs.labels[LABELS.managed]?.trim().toLowerCase();
  if (policy.mode === 'opt-in' && label !== 'true') {
    return {
      managed: false,
      state: 'unmanaged',
      reason: `cluster is opt-in and the namespace is not labelled ${LABELS.managed}=true`,
    };
  }
  if (policy.mode === 'opt-out' && label === 'false') {
    return { managed: false, state: 'unmanaged', reason: `labelled ${LABELS.managed}=false` };
  }
  return { managed: true };
}

/** The namespace's state for snapshots, listing and Slack. */
export function stateOf(obs: NamespaceObservation, policy: ClusterPolicy): NamespaceState {
  const management = managementOf(obs, policy);
  if (!management.managed) return management.state;
  return isSuspended(obs) ? 'suspended' : 'running';
}

export function isSuspended(obs: NamespaceObservation): boolean {
  return obs.annotations[ANNOTATIONS.state]?.trim() === 'suspended';
}

/** Who to ask about a namespace, from its annotations (resolution to Slack users is the hub's). */
export interface NamespaceContacts {
  owner: string | null;
  channel: string | null;
  collaborators: string[];
}

export function contactsOf(obs: NamespaceObservation): NamespaceContacts {
  const text = (key: string): string | null => obs.annotations[key]?.trim() || null;
  return {
    owner: text(ANNOTATIONS.owner),
    channel: text(ANNOTATIONS.channel),
    collaborators: (obs.annotations[ANNOTATIONS.collaborators] ?? '')
      .split(/[\s,]+/)
      .filter((c) => c !== ''),
  };
}
