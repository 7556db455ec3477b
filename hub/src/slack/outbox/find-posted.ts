import type { Job } from 'bullmq';
import { OUTBOX_EVENT_TYPE, type OutboxContext } from './context.js';
import { pacedCall } from './paced-call.js';

/**
 * Looks for a post of ours that Slack accepted although we never saw the answer (the
 * call timed out after Slack had already posted). Every outbox post carries its key in
 * message metadata, so the channel's recent history tells.
 */
export async function findPosted(
  ctx: OutboxContext,
  job: Job,
  token: string | undefined,
  channel: string,
  key: string,
  attemptedAt: number,
): Promise<string | undefined> {
  // History needs a channel id; a channel given by name (curfew.dev/channel: '#team')
  // cannot be searched without channels:read, so such a post may repeat after a timeout.
  if (!/^[CDG][A-Z0-9]+$/.test(channel)) {
    ctx.logger.warn({ channel, key }, 'cannot check a channel name for an earlier post');
    return undefined;
  }
  // A minute of slack for clock skew between us and Slack.
  const oldest = ((attemptedAt - 60_000) / 1000).toFixed(6);
  const history = await pacedCall(ctx, job, token, {
    method: 'conversations.history',
    run: () =>
      ctx.web.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true }),
  });
  const match = (history.messages ?? []).find((message) => {
    const metadata = message.metadata as
      | { event_type?: string; event_payload?: { outbox_key?: unknown } }
      | undefined;
    return metadata?.event_type === OUTBOX_EVENT_TYPE && metadata.event_payload?.outbox_key === key;
  });
  return match?.ts;
}
