import type { SlackContext } from '../flow/context.js';
import { type BlockActionArgs, beginAction } from './begin-action.js';
import { ownerActionFromBlock } from './owner-action.js';

/** Resume. */
export function resumeButton(ctx: SlackContext) {
  return async (args: BlockActionArgs): Promise<void> => {
    const origin = await beginAction(ctx, args);
    if (origin) await ownerActionFromBlock(ctx, origin, 'resume');
  };
}
