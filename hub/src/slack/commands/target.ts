import { closestMatch, type NamespaceRef } from '@curfew/core';
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

/** A namespace the hub knows, for "did you mean …?". */
export interface KnownNamespace {
  clusterId: string;
  name: string;
}

/** " Did you mean `payments`?" when a known name is a likely typo of the one written. */
function didYouMean(written: string, known: readonly KnownNamespace[]): string {
  const best = closestMatch(written, [...new Set(known.map((k) => k.name))].sort());
  return best === undefined || best === written ? '' : ` Did you mean \`${best}\`?`;
}

/**
 * Which namespace a command means. A name found in several clusters is a question back
 * to the user, never a guess (SPEC "Slack"). `known` (every namespace the hub knows) only
 * serves the "did you mean …?" of a name found nowhere.
 */
export function pickTarget(
  ref: NamespaceRef,
  clusters: readonly ClusterInfo[],
  found: readonly ClusterNamespace[],
  known: readonly KnownNamespace[] = [],
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
      message: `There is no namespace \`${ref.namespace}\` in cluster \`${cluster.name}\`.${didYouMean(
        ref.namespace,
        known.filter((k) => k.clusterId === cluster.clusterId),
      )}`,
    };
  }
  const [first, ...rest] = targets;
  if (!first) {
    return {
      kind: 'none',
      message: `There is no namespace \`${ref.namespace}\` in any cluster.${didYouMean(ref.namespace, known) || ' Check the name with `list`.'}`,
    };
  }
  if (rest.length === 0) return { kind: 'one', target: first };
  return {
    kind: 'ambiguous',
    targets: [...targets].sort((a, b) => a.clusterName.localeCompare(b.clusterName)),
  };
}
