import { closestMatch, type SlashCommand } from '@curfew/core';
import { Action } from '@curfew/proto';
import type { ClusterInfo } from '../../ports.js';
import { authorize } from '../access/authorize.js';
import { escapeMrkdwn } from '../blocks/kit.js';
import { plainMessage, refusalMessage } from '../blocks/notices.js';
import { supportAnswer, supportWhichCluster } from '../blocks/support.js';
import type { SlackContext } from '../flow/context.js';
import { dispatchOrUnavailable } from '../flow/dispatch.js';
import type { Reply } from '../flow/reply.js';
import type { CommandOrigin } from './command-origin.js';
import { findCluster } from './target.js';

type SupportCommand = Extract<SlashCommand, { kind: 'support-start' | 'support-stop' }>;

/**
 * `/devenv support start [cluster/]<name> <size> [cluster]` and `support stop …`. Support pods
 * run with the agent's rights in its namespace, so only hub admins may start or stop them (the
 * same rule as delete for everyone else's namespaces). The cluster is the one named, or the only
 * one registered; with several and none named the user is asked which, never guessed for.
 */
export async function runSupport(
  ctx: SlackContext,
  command: SupportCommand,
  origin: CommandOrigin,
  reply: Reply,
): Promise<void> {
  const verb = command.kind === 'support-start' ? 'start' : 'stop';
  const action = `slack:support-${verb}`;
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
      action,
      outcome: 'refused',
      detail: `${command.name}: not an admin`,
    });
    await reply.private(
      refusalMessage(
        `${verb} support pods`,
        'Only Curfew admins may, because a support pod runs with the agent’s rights; ask your platform team.',
      ),
    );
    return;
  }
  const clusters = await ctx.clusters.list();
  const cluster = await pickCluster(ctx, command, clusters, reply);
  if (!cluster) return;
  const outcome = await dispatchOrUnavailable(ctx, {
    action: command.kind === 'support-start' ? Action.SUPPORT_START : Action.SUPPORT_STOP,
    clusterId: cluster.clusterId,
    supportName: command.name,
    ...(command.kind === 'support-start' ? { supportSize: command.size } : {}),
    requestedBy: origin.actorId,
    idempotencyKey: origin.idempotencyKey,
    audit: { action, detail: command.name },
  });
  await reply.update(
    supportAnswer({
      verb,
      name: command.name,
      clusterName: cluster.name,
      outcome,
      connected: cluster.connected,
      ...(cluster.lastSeen === undefined ? {} : { lastSeen: cluster.lastSeen }),
      ...(ctx.config.commandTtlMs === undefined ? {} : { waitMs: ctx.config.commandTtlMs }),
    }),
  );
}

/** The named cluster, or the only one; otherwise says why there is none and returns undefined. */
async function pickCluster(
  ctx: SlackContext,
  command: SupportCommand,
  clusters: readonly ClusterInfo[],
  reply: Reply,
): Promise<ClusterInfo | undefined> {
  const names = clusters.map((c) => c.name).sort();
  if (command.cluster !== undefined) {
    const found = findCluster(clusters, command.cluster);
    if (found) return found;
    const close = closestMatch(command.cluster, names);
    await reply.update(
      plainMessage(
        `:grey_question: There is no cluster called \`${escapeMrkdwn(command.cluster)}\`.${close === undefined ? '' : ` Did you mean \`${escapeMrkdwn(close)}\`?`}`,
        `Clusters: ${names.map((n) => `\`${escapeMrkdwn(n)}\``).join(', ') || 'none registered'}.`,
      ),
    );
    return undefined;
  }
  const [only, ...others] = clusters;
  if (only && others.length === 0) return only;
  if (!only) {
    await reply.update(plainMessage(':grey_question: No clusters are registered with Curfew yet.'));
    return undefined;
  }
  await reply.update(
    supportWhichCluster({
      commandName: ctx.config.commandName,
      words: [
        'support',
        command.kind === 'support-start' ? 'start' : 'stop',
        command.name,
        ...(command.kind === 'support-start' ? [command.size] : []),
      ],
      clusterNames: names,
    }),
  );
  return undefined;
}
