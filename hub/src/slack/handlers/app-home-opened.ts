import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackContext } from '../flow/context.js';
import { requestKey } from '../requests/request-key.js';

/** Opening the App Home tab publishes it fresh (through the outbox: paced, coalesced). */
export function appHomeOpened(ctx: SlackContext) {
  return async ({
    event,
    body,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const key = requestKey(body as unknown as Record<string, unknown>);
    if (key !== undefined && (await ctx.claims.claim(key)) !== 'first') return;
    await ctx.outbox.refreshHome(event.user);
  };
}
