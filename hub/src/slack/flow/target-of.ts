import type { ClusterNamespace } from '../../ports.js';
import type { NamespaceKey } from '../blocks/action-ids.js';
import type { SlackContext } from './context.js';

export interface NamespaceTarget {
  clusterId: string;
  clusterName: string;
  found: ClusterNamespace;
}

/** The namespace a button is about, as the hub knows it now (undefined when gone). */
export async function targetOf(
  ctx: SlackContext,
  key: NamespaceKey,
): Promise<NamespaceTarget | undefined> {
  const [found] = await ctx.namespaces.find(key.namespace, key.clusterId);
  if (!found) return undefined;
  const cluster = await ctx.clusters.get(key.clusterId);
  return { clusterId: key.clusterId, clusterName: cluster?.name ?? key.clusterId, found };
}
