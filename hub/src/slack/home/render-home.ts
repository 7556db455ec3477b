import { homeView } from '../blocks/app-home.js';
import type { SlackContext } from '../flow/context.js';
import { involves } from '../flow/owned-by.js';
import type { HomeJob } from '../outbox/types.js';

/** Builds a user's App Home from the namespace read model as it is now. */
export async function renderHome(
  ctx: SlackContext,
  job: HomeJob,
): Promise<Record<string, unknown>> {
  const [actor, all, clusters] = await Promise.all([
    ctx.identities.actor(job.userId),
    ctx.namespaces.list(),
    ctx.clusters.list(),
  ]);
  const byId = new Map(clusters.map((c) => [c.clusterId, c]));
  const items = all
    .filter((n) => involves(n.summary, actor))
    .map((n) => {
      const cluster = byId.get(n.clusterId);
      return {
        clusterId: n.clusterId,
        clusterName: cluster?.name ?? n.clusterId,
        summary: n.summary,
        ...(cluster?.prices ? { prices: cluster.prices } : {}),
      };
    });
  return homeView({
    items,
    now: ctx.clock.now(),
    commandName: ctx.config.commandName,
    ...(job.notice === undefined ? {} : { notice: job.notice }),
  });
}
