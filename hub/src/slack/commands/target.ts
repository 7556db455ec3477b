import type { NamespaceRef } from '@curfew/core';
import type { ClusterInfo, ClusterNamespace } from '../../ports.js';

export interface TargetMatch {
  match: ClusterNamespace;
  clusterName: string;
}

export type TargetResolution =
  | { kind: 'one'; target: TargetMatch }
  | { kind: 'ambiguous'; targets: TargetMatch[] }
  | { kind: 'none'; message: string };

/** The cluster a user means by `cluster/…`: its id or its name. */
export function findCluster(
  clusters: readonly ClusterInfo[],
  written: string,
): ClusterInfo | undefined {
  return clusters.find((c) => c.clusterId === written) ?? clusters.find((c) => c.name === written);
}

/**
 * Which namespace a command means. A name found in several clusters is a question back
 * to the user, never a guess (SPEC "Slack").
 */
export function pickTarget(
  ref: NamespaceRef,
  clusters: readonly ClusterInfo[],
  found: readonly ClusterNamespace[],
): TargetResolution {
  const nameOf = (clusterId: string) =>
    clusters.find((c) => c.clusterId === clusterId)?.name ?? clusterId;
  const targets = found.map((match) => ({ match, clusterName: nameOf(match.clusterId) }));
  if (ref.cluster !== undefined) {
    const cluster = findCluster(clusters, ref.cluster);
    if (!cluster) {
      const known =
        clusters
          .map((c) => c.name)
          .sort()
          .join(', ') || 'none registered';
      return {
        kind: 'none',
        message: `There is no cluster called \`${ref.cluster}\`. Clusters: ${known}.`,
      };
    }
    const inCluster = targets.filter((t) => t.match.clusterId === cluster.clusterId);
    const [only] = inCluster;
    if (only) return { kind: 'one', target: only };
    return {
      kind: 'none',
      message: `There is no namespace \`${ref.namespace}\` in cluster \`${cluster.name}\`.`,
    };
  }
  const [first, ...rest] = targets;
  if (!first) {
    return {
      kind: 'none',
      message: `There is no namespace \`${ref.namespace}\` in any cluster. Check the name with \`list\`.`,
    };
  }
  if (rest.length === 0) return { kind: 'one', target: first };
  return {
    kind: 'ambiguous',
    targets: [...targets].sort((a, b) => a.clusterName.localeCompare(b.clusterName)),
  };
}
