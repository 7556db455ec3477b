import type { ClusterNamespace } from '../../ports.js';
import type { NamespaceKey } from '../blocks/action-ids.js';
import { plainMessage } from '../blocks/notices.js';
import type { SlackContext } from './context.js';
import type { Reply } from './reply.js';

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

/**
 * The namespace a clicked message is about; when the hub no longer knows it, the message says so
 * (replacing its now pointless buttons) and the answer is undefined.
 */
export async function targetOrSayGone(
  ctx: SlackContext,
  key: NamespaceKey,
  reply: Reply,
): Promise<NamespaceTarget | undefined> {
  const target = await targetOf(ctx, key);
  if (!target) {
    await reply.update(
      plainMessage(
        `:grey_question: \`${key.namespace}\` is no longer known in cluster \`${key.clusterId}\`. It may have been deleted.`,
      ),
    );
  }
  return target;
}
