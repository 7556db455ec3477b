import { contentArgs, OUTBOX_EVENT_TYPE, type OutboxProcessor } from '../context.js';
import { findPosted } from '../find-posted.js';
import { pacedCall } from '../paced-call.js';
import { resolveChannel } from '../resolve-channel.js';
import type { MessageRef, PostJob } from '../types.js';

/**
 * Posts a new message, at most once per key. Before each call the attempt is noted; a
 * retry after an unknown outcome (timeout) first searches the channel for the message
 * by its metadata key, so a post that did get through is adopted, not repeated.
 */
export const postMessage: OutboxProcessor<PostJob> = async (
  job,
  token,
  ctx,
): Promise<MessageRef> => {
  const { key, to, content } = job.data;
  const already = await ctx.store.posted(key);
  if (already) return already;
  const channel = await resolveChannel(ctx, job, token, to);

  const attemptedAt = await ctx.store.uncertainAttempt(key);
  if (attemptedAt !== null) {
    const ts = await findPosted(ctx, job, token, channel, key, attemptedAt);
    if (ts !== undefined) {
      const ref = { channel, ts };
      await ctx.store.recordPosted(key, ref);
      ctx.logger.info({ key, ts }, 'slack post had gone through before its timeout; not reposting');
      return ref;
    }
  }

  const result = await pacedCall(
    ctx,
    job,
    token,
    {
      method: 'chat.postMessage',
      channel,
      run: async () => {
        await ctx.store.markAttempt(key, ctx.clock.now());
        return ctx.web.chat.postMessage({
          channel,
          ...contentArgs(content),
          metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_key: key } },
        } as Parameters<typeof ctx.web.chat.postMessage>[0]);
      },
    },
    async (failure) => {
      // Only a missing answer leaves the outcome open; an answer means nothing was posted.
      if (failure.kind !== 'uncertain') await ctx.store.clearAttempt(key);
    },
  );
  const ref = { channel: result.channel ?? channel, ts: String(result.ts) };
  await ctx.store.recordPosted(key, ref);
  return ref;
};
