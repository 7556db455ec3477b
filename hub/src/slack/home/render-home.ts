import { homeView } from '../blocks/app-home.js';
import type { SlackContext } from '../flow/context.js';
import { listedNamespaces } from '../flow/listed-namespaces.js';
import type { HomeJob } from '../outbox/types.js';

/** Builds a user's App Home from the namespace read model as it is now. */
export async function renderHome(
  ctx: SlackContext,
  job: HomeJob,
): Promise<Record<string, unknown>> {
  return homeView({
    items: await listedNamespaces(ctx, job.userId),
    now: ctx.clock.now(),
    commandName: ctx.config.commandName,
    ...(job.notice === undefined ? {} : { notice: job.notice }),
  });
}
