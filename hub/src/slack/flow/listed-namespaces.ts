import type { ListedNamespace } from '../blocks/list.js';
import type { SlackContext } from './context.js';
import { involves } from './owned-by.js';

/**
 * The namespaces a user owns or collaborates on, in every cluster, as `list` and App Home show
 * them: with their cluster's name and prices, and marked offline (so shown as stale) when the
 * cluster's agent is not connected.
 */
export async function listedNamespaces(
  ctx: SlackContext,
  userId: string,
): Promise<ListedNamespace[]> {
  const [actor, all, clusters] = await Promise.all([
    ctx.identities.actor(userId),
    ctx.namespaces.list(),
    ctx.clusters.list(),
  ]);
  const byId = new Map(clusters.map((c) => [c.clusterId, c]));
  return all
    .filter((n) => involves(n.summary, actor))
    .map((n) => {
      const cluster = byId.get(n.clusterId);
      return {
        clusterId: n.clusterId,
        clusterName: cluster?.name ?? n.clusterId,
        summary: n.summary,
        ...(cluster?.prices ? { prices: cluster.prices } : {}),
        ...(cluster && !cluster.connected
          ? { offline: cluster.lastSeen === undefined ? {} : { lastSeen: cluster.lastSeen } }
          : {}),
      };
    });
}
