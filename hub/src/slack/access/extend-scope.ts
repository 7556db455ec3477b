import { type Actor, authorize, isActor } from './authorize.js';

/** A namespace as extend's scope needs it: where it is and who may act on it. */
export interface ScopedNamespace {
  clusterId: string;
  name: string;
  owner: string;
  collaborators: readonly string[];
}

export type ExtendScope =
  /** A hub admin: every workload under the SKU in each cluster, one command per cluster. */
  | { kind: 'all' }
  /** Anyone else: only these namespaces (sorted), one command per namespace. */
  | { kind: 'namespaces'; byCluster: Map<string, string[]>; count: number }
  | { kind: 'none'; reason: string };

/**
 * Which namespaces `/devenv extend <sku> <duration>` may touch for this actor. Extending
 * revives expired workloads, so it is an act on each namespace (SPEC "Authorization": owner,
 * collaborators, admins) and not open to everyone: an SKU prefix like `/tribe` spans teams.
 * Only clusters in `clusterIds` count (the command may name one).
 */
export function extendScope(input: {
  actor: Actor;
  admins: readonly string[];
  namespaces: readonly ScopedNamespace[];
  clusterIds: readonly string[];
}): ExtendScope {
  const { actor } = input;
  if (input.admins.some((a) => isActor(a, actor))) return { kind: 'all' };
  const clusters = new Set(input.clusterIds);
  const byCluster = new Map<string, string[]>();
  let count = 0;
  for (const ns of input.namespaces) {
    if (!clusters.has(ns.clusterId)) continue;
    const decision = authorize({
      actor,
      owner: ns.owner,
      collaborators: ns.collaborators,
      admins: input.admins,
      permission: 'act',
    });
    if (!decision.allowed) continue;
    byCluster.set(ns.clusterId, [...(byCluster.get(ns.clusterId) ?? []), ns.name]);
    count += 1;
  }
  if (count === 0) {
    return {
      kind: 'none',
      reason:
        'You own or collaborate on no namespace there, and only a Curfew admin may extend every namespace. Ask the owner to add you to curfew.dev/collaborators, or a Curfew admin to extend it.',
    };
  }
  for (const names of byCluster.values()) names.sort();
  return { kind: 'namespaces', byCluster, count };
}
