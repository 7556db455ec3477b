import { contentArgs, type OutboxProcessor } from '../context.js';
import { pacedCall } from '../paced-call.js';
import type { EphemeralJob } from '../types.js';

/** A message only one user sees (refusals, answers to buttons). */
export const postEphemeral: OutboxProcessor<EphemeralJob> = async (job, token, ctx) => {
  const { channel, user, content } = job.data;
  const result = await pacedCall(ctx, job, token, {
    method: 'chat.postEphemeral',
    channel,
    run: () =>
      ctx.web.chat.postEphemeral({ channel, user, ...contentArgs(content) } as Parameters<
        typeof ctx.web.chat.postEphemeral
      >[0]),
  });
  return { messageTs: result.message_ts };
};
