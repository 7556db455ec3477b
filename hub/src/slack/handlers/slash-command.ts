import { parseSlashCommand } from '@curfew/core';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { STORE_DOWN } from '../blocks/notices.js';
import { immediateAnswer } from '../commands/immediate-answer.js';
import { runCommand } from '../commands/run-command.js';
import type { SlackContext } from '../flow/context.js';
import { requestKey } from '../requests/request-key.js';

/**
 * `/devenv …`: answered within Slack's 3 s with the whole answer (help, errors) or a
 * placeholder; the work continues after the answer and replaces the placeholder.
 */
export function slashCommand(ctx: SlackContext) {
  return async ({
    command,
    body,
    ack,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const key =
      requestKey(body as unknown as Record<string, unknown>) ??
      `command:${command.user_id}:${command.text}`;
    const claim = await ctx.claims.claim(key);
    if (claim === 'duplicate') {
      await ack();
      return;
    }
    if (claim === 'unavailable') {
      await ack({ response_type: 'ephemeral', ...STORE_DOWN } as never);
      return;
    }
    const parsed = parseSlashCommand(command.text);
    const answer = immediateAnswer(parsed, ctx.config.commandName);
    await ack({ response_type: 'ephemeral', ...answer.content } as never);
    if (answer.final) return;
    await runCommand(ctx, parsed, {
      actorId: command.user_id,
      responseUrl: command.response_url,
      idempotencyKey: `slack:${key}`,
    });
  };
}
