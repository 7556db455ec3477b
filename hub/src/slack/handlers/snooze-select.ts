import { choiceMs, SNOOZE_CHOICES } from '../blocks/action-ids.js';
import type { SlackContext } from '../flow/context.js';
import { type BlockActionArgs, beginAction } from './begin-action.js';
import { ownerActionFromBlock } from './owner-action.js';

/** Snooze 1h / 3h / 1d / 3d from the static select of a reminder or card. */
export function snoozeSelect(ctx: SlackContext) {
  return async (args: BlockActionArgs): Promise<void> => {
    const origin = await beginAction(ctx, args);
    if (!origin) return;
    const selected = (origin.action as { selected_option?: { value?: string } }).selected_option
      ?.value;
    const durationMs = choiceMs(SNOOZE_CHOICES, selected);
    if (durationMs === undefined) {
      ctx.logger.warn({ selected }, 'slack snooze with an unknown choice');
      return;
    }
    await ownerActionFromBlock(ctx, origin, 'snooze', { durationMs });
  };
}
