import { contentArgs, type OutboxProcessor } from '../context.js';
import { delayJob, pacedCall } from '../paced-call.js';
import type { MessageRef, UpdateJob } from '../types.js';

/** How long an update waits for the post it updates to be accepted by Slack. */
const WAIT_FOR_POST_MS = 1_000;

/**
 * Replaces a message with the LATEST content stored for it. Updates are coalesced: many
 * updates of one message while this job waits end in one call, and the content is read
 * when the call is made, so an older update can never overwrite a newer one.
 */
export const updateMessage: OutboxProcessor<UpdateJob> = async (job, token, ctx) => {
  const { target, coalesceId } = job.data;
  const latest = await ctx.store.unsent(coalesceId);
  if (latest === null) return { skipped: 'already up to date' };
  const { content, version } = latest;

  if (target.kind === 'response_url') {
    await pacedCall(ctx, job, token, {
      method: 'response_url',
      run: () =>
        ctx.postResponseUrl(target.url, { replace_original: true, ...contentArgs(content) }),
    });
    await ctx.store.markSent(coalesceId, version);
    return { via: 'response_url', version };
  }

  let ref: MessageRef | null =
    target.kind === 'message'
      ? { channel: target.channel, ts: target.ts }
      : await ctx.store.posted(target.key);
  if (ref === null) {
    // The message is still in the outbox; try again shortly (an update is not a failure).
    if (job.attemptsStarted > 600) throw new Error(`message ${coalesceId} was never posted`);
    ref = await delayJob(job, token, WAIT_FOR_POST_MS);
  }
  const { channel, ts } = ref;
  await pacedCall(ctx, job, token, {
    method: 'chat.update',
    run: () =>
      ctx.web.chat.update({ channel, ts, ...contentArgs(content) } as Parameters<
        typeof ctx.web.chat.update
      >[0]),
  });
  await ctx.store.markSent(coalesceId, version);
  return { channel, ts, version };
};
