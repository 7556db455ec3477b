import type { SlackContext } from '../flow/context.js';
import { type BlockActionArgs, beginAction } from './begin-action.js';
import { ownerActionFromBlock } from './owner-action.js';

/** Delete (after Slack's confirm dialog). */
export function deleteButton(ctx: SlackContext) {
  return async (args: BlockActionArgs): Promise<void> => {
    const origin = await beginAction(ctx, args);
    if (origin) await ownerActionFromBlock(ctx, origin, 'delete');
  };
}
