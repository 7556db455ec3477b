import { parseSlashCommand } from '@curfew/core';
import { runCommand } from '../commands/run-command.js';
import type { SlackContext } from '../flow/context.js';
import { type BlockActionArgs, beginAction } from './begin-action.js';

/** The answer to "which cluster did you mean?": runs the command as if typed with it. */
export function chooseClusterButton(ctx: SlackContext) {
  return async (args: BlockActionArgs): Promise<void> => {
    const origin = await beginAction(ctx, args);
    if (!origin) return;
    let text: string | undefined;
    try {
      text = (JSON.parse((origin.action as { value?: string }).value ?? '') as { t?: string }).t;
    } catch {
      text = undefined;
    }
    if (text === undefined) return;
    await runCommand(ctx, parseSlashCommand(text), {
      actorId: origin.actorId,
      responseUrl: args.body.response_url,
      idempotencyKey: origin.idempotencyKey,
    });
  };
}
