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
  const names = new Map(clusters.map((c) => [c.clusterId, c.name]));
  const items = all
    .filter((n) => involves(n.summary, actor))
    .map((n) => ({
      clusterId: n.clusterId,
      clusterName: names.get(n.clusterId) ?? n.clusterId,
      summary: n.summary,
    }));
  return homeView({
    items,
    now: ctx.clock(),
    commandName: ctx.config.commandName,
    ...(job.notice === undefined ? {} : { notice: job.notice }),
  });
}
