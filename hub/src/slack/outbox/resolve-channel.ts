import type { Job } from 'bullmq';
import type { OutboxContext } from './context.js';
import { pacedCall } from './paced-call.js';
import type { Destination } from './types.js';

/**
 * The channel id a destination posts into. Users get the app's DM, opened once and
 * cached: a stable channel id is what per-channel pacing and the duplicate check need.
 */
export async function resolveChannel(
  ctx: OutboxContext,
  job: Job,
  token: string | undefined,
  to: Destination,
): Promise<string> {
  if ('channel' in to) return to.channel;
  const cached = await ctx.store.dmChannel(to.user);
  if (cached !== null) return cached;
  const opened = await pacedCall(ctx, job, token, {
    method: 'conversations.open',
    run: () => ctx.web.conversations.open({ users: to.user }),
  });
  const channel = opened.channel?.id;
  if (channel === undefined) throw new Error(`conversations.open gave no channel for ${to.user}`);
  await ctx.store.recordDmChannel(to.user, channel);
  return channel;
}
