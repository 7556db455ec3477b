import { choiceMs, EXTEND_CHOICES } from '../blocks/action-ids.js';
import type { SlackContext } from '../flow/context.js';
import { targetOf } from '../flow/target-of.js';
import { type BlockActionArgs, beginAction } from './begin-action.js';
import { runExtendAction } from './run-extend-action.js';

/** What an Extend button carries: the duration choice and the SKUs of the warning. */
export function parseExtendValue(
  value: string | undefined,
): { durationMs: number; skus: string[] } | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as { d?: string; s?: unknown };
    const durationMs = choiceMs(EXTEND_CHOICES, parsed.d);
    if (durationMs === undefined) return undefined;
    const skus = Array.isArray(parsed.s)
      ? parsed.s.filter((s): s is string => typeof s === 'string' && s !== '')
      : [];
    return skus.length === 0 ? undefined : { durationMs, skus };
  } catch {
    return undefined;
  }
}

/** Extend 1h / Extend 1d on an expiry warning. */
export function extendButton(ctx: SlackContext) {
  return async (args: BlockActionArgs): Promise<void> => {
    const origin = await beginAction(ctx, args);
    if (!origin?.key) return;
    const value = (origin.action as { value?: string }).value;
    const extend = parseExtendValue(value);
    if (!extend) {
      ctx.logger.warn({ value }, 'slack extend with a bad value');
      return;
    }
    const target = await targetOf(ctx, origin.key);
    if (!target) return;
    await runExtendAction(ctx, { origin, target, ...extend });
  };
}
