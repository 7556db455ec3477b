import type { SlashCommand } from '@curfew/core';
import { Action, CommandStatus } from '@curfew/proto';
import { authorize } from '../access/authorize.js';
import { agentText } from '../blocks/format.js';
import { escapeMrkdwn } from '../blocks/kit.js';
import { plainMessage, refusalMessage, unavailableMessage } from '../blocks/notices.js';
import type { SlackContext } from '../flow/context.js';
import type { Reply } from '../flow/reply.js';
import type { CommandOrigin } from './command-origin.js';

type SupportCommand = Extract<SlashCommand, { kind: 'support-start' | 'support-stop' }>;

/**
 * Support pods run with the agent's rights in its namespace, so only hub admins may start
 * or stop them. The grammar names no cluster: with several clusters this asks the user
 * to use the admin API instead of guessing.
 */
export async function runSupport(
  ctx: SlackContext,
  command: SupportCommand,
  origin: CommandOrigin,
  reply: Reply,
): Promise<void> {
  const verb = command.kind === 'support-start' ? 'start' : 'stop';
  const decision = authorize({
    actor: await ctx.identities.actor(origin.actorId),
    owner: '',
    collaborators: [],
    admins: ctx.config.admins,
    permission: 'delete',
  });
  if (!decision.allowed) {
    await ctx.audit.record({
      at: ctx.clock.now(),
      actor: origin.actorId,
      action: `slack:support-${verb}`,
      outcome: 'refused',
      detail: 'not an admin',
    });
    await reply.private(
      refusalMessage(`${verb} support pods`, 'Only Curfew admins may; ask your platform team.'),
    );
    return;
  }
  const clusters = await ctx.clusters.list();
  const [only, ...others] = clusters;
  if (!only || others.length > 0) {
    await reply.update(
      plainMessage(
        `:grey_question: Support pods need one cluster, and ${clusters.length} are registered. Use the admin API (\`/api/v1/actions\`) to pick the cluster.`,
      ),
    );
    return;
  }
  const outcome = await ctx.dispatcher
    .dispatch(
      {
        action: command.kind === 'support-start' ? Action.SUPPORT_START : Action.SUPPORT_STOP,
        clusterId: only.clusterId,
        supportName: command.name,
        ...(command.kind === 'support-start' ? { supportSize: command.size } : {}),
        requestedBy: origin.actorId,
        idempotencyKey: origin.idempotencyKey,
      },
      ctx.config.dispatchWaitMs,
    )
    .catch((error: unknown) => ({ state: 'unavailable' as const, message: String(error) }));
  const ok = outcome.state === 'done' && outcome.result.status === CommandStatus.SUCCEEDED;
  await ctx.audit.record({
    at: ctx.clock.now(),
    actor: origin.actorId,
    action: `slack:support-${verb}`,
    clusterId: only.clusterId,
    outcome: ok ? 'succeeded' : 'failed',
    detail: command.name,
  });
  if (outcome.state === 'unavailable') {
    await reply.update(unavailableMessage(outcome.message));
    return;
  }
  // The agent's message names the pod's expiry as an instant; agentText shows it in the reader's zone.
  const detail = outcome.state === 'done' ? agentText(outcome.result.message) : outcome.state;
  await reply.update(
    plainMessage(
      `${ok ? ':white_check_mark:' : ':warning:'} Support pod \`${escapeMrkdwn(command.name)}\` ${verb}: ${detail || 'done'}`,
    ),
  );
}
