import type { OutboxProcessor } from '../context.js';
import { pacedCall } from '../paced-call.js';
import type { HomeJob } from '../types.js';

/**
 * Publishes a user's App Home tab, built from the data as it is when the call is made —
 * many refreshes in a row coalesce into one publish of the newest state.
 */
export const publishHome: OutboxProcessor<HomeJob> = async (job, token, ctx) => {
  const view = await ctx.renderHome(job.data);
  await pacedCall(ctx, job, token, {
    method: 'views.publish',
    run: () =>
      ctx.web.views.publish({ user_id: job.data.userId, view } as unknown as Parameters<
        typeof ctx.web.views.publish
      >[0]),
  });
  return { userId: job.data.userId };
};
