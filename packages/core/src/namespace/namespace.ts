import { ANNOTATIONS, DOWNSCALER_ANNOTATIONS, LABELS } from '../common/annotations.js';
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
  /**
   * Every Deployment, StatefulSet and CronJob in the namespace (excluded ones too), for the
   * kube-downscaler annotations they may carry (namespace-schedule.ts). Absent: none are read.
   */
  workloads?: readonly ObservedWorkload[];
  phase?: 'Active' | 'Terminating';
}

export interface ObservedWorkload {
  kind: string;
  name: string;
  annotations: Readonly<Record<string, string>>;
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
  // kube-downscaler's namespace exclusion (any value but `false`), unless the namespace opted in
  // to Curfew explicitly: the Curfew label is the newer, more specific word.
  const excluded = obs.annotations[DOWNSCALER_ANNOTATIONS.exclude];
  if (label !== 'true' && excluded !== undefined && excluded.trim().toLowerCase() !== 'false') {
    return {
      managed: false,
      state: 'unmanaged',
      reason: `annotated ${DOWNSCALER_ANNOTATIONS.exclude}=${excluded}`,
    };
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
