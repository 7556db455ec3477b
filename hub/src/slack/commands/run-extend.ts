import { formatDuration, plural, type SlashCommand } from '@curfew/core';
import { Action, CommandStatus } from '@curfew/proto';
import type { ClusterInfo, DispatchOutcome } from '../../ports.js';
import { extendScope } from '../access/extend-scope.js';
import { escapeMrkdwn } from '../blocks/kit.js';
import { plainMessage, refusalMessage } from '../blocks/notices.js';
import type { SlackContext } from '../flow/context.js';
import { dispatchOrUnavailable } from '../flow/dispatch.js';
import type { Reply } from '../flow/reply.js';
import type { CommandOrigin } from './command-origin.js';
import { findCluster } from './target.js';

type ExtendCommand = Extract<SlashCommand, { kind: 'extend' }>;

/** One line per cluster (or SKU) saying what the extension did there. */
export function extendLine(clusterName: string, outcome: DispatchOutcome): string {
  switch (outcome.state) {
    case 'done': {
      const { result } = outcome;
      if (result.status === CommandStatus.SUCCEEDED || result.status === CommandStatus.ACCEPTED) {
        return `• \`${escapeMrkdwn(clusterName)}\`: ${plural(result.matched.length, 'workload')} extended`;
      }
      return `• \`${escapeMrkdwn(clusterName)}\`: failed — ${escapeMrkdwn(result.message || 'no reason given')}`;
    }
    case 'pending':
      return `• \`${escapeMrkdwn(clusterName)}\`: sent; the cluster has not answered yet`;
    case 'expired':
      return `• \`${escapeMrkdwn(clusterName)}\`: not done, the cluster stayed unreachable`;
    case 'unavailable':
      return `• \`${escapeMrkdwn(clusterName)}\`: not done — ${escapeMrkdwn(outcome.message)}`;
  }
}

/**
 * `/devenv extend /tribe/squad 60m [cluster]`: renews time bombs under an SKU prefix in
 * one cluster or all. Extending revives expired workloads, so it acts only where the user
 * may act (owner, collaborators); a hub admin extends every namespace. Every dispatch and
 * every refusal is audited; the answer (and a refusal) is ephemeral, to the user only.
 */
export async function runExtend(
  ctx: SlackContext,
  command: ExtendCommand,
  origin: CommandOrigin,
  reply: Reply,
): Promise<void> {
  const all = await ctx.clusters.list();
  let clusters: ClusterInfo[] = all;
  if (command.cluster !== undefined) {
    const one = findCluster(all, command.cluster);
    if (!one) {
      await reply.update(
        plainMessage(
          `:grey_question: There is no cluster called \`${escapeMrkdwn(command.cluster)}\`.`,
        ),
      );
      return;
    }
    clusters = [one];
  }
  if (clusters.length === 0) {
    await reply.update(plainMessage(':grey_question: No clusters are registered with Curfew yet.'));
    return;
  }
  const [actor, namespaces] = await Promise.all([
    ctx.identities.actor(origin.actorId),
    ctx.namespaces.list(),
  ]);
  const scope = extendScope({
    actor,
    admins: ctx.config.admins,
    namespaces: namespaces.map((n) => ({
      clusterId: n.clusterId,
      name: n.summary.name,
      owner: n.summary.owner,
      collaborators: n.summary.collaborators,
    })),
    clusterIds: clusters.map((c) => c.clusterId),
  });
  const what = `extend ${command.sku}`;
  if (scope.kind === 'none') {
    await ctx.audit.record({
      at: ctx.clock.now(),
      actor: origin.actorId,
      action: 'slack:extend',
      ...(command.cluster === undefined ? {} : { clusterId: clusters[0]?.clusterId }),
      outcome: 'refused',
      detail: `${command.sku} +${formatDuration(command.durationMs)}: ${scope.reason}`,
    });
    await reply.private(refusalMessage(what, scope.reason));
    return;
  }
  const targets =
    scope.kind === 'all'
      ? clusters.map((cluster) => ({ cluster, namespace: undefined }))
      : clusters.flatMap((cluster) =>
          (scope.byCluster.get(cluster.clusterId) ?? []).map((namespace) => ({
            cluster,
            namespace,
          })),
        );
  const lines = await Promise.all(
    targets.map(async ({ cluster, namespace }) => {
      const outcome = await dispatchOrUnavailable(ctx, {
        action: Action.EXTEND,
        clusterId: cluster.clusterId,
        ...(namespace === undefined ? {} : { namespace }),
        skuPrefix: command.sku,
        durationMs: command.durationMs,
        requestedBy: origin.actorId,
        idempotencyKey: `${origin.idempotencyKey}:${cluster.clusterId}${namespace === undefined ? '' : `/${namespace}`}`,
        audit: {
          action: 'slack:extend',
          detail: `${command.sku} +${formatDuration(command.durationMs)}`,
        },
      });
      return extendLine(
        namespace === undefined ? cluster.name : `${cluster.name}/${namespace}`,
        outcome,
      );
    }),
  );
  const note =
    scope.kind === 'all'
      ? ''
      : '\n_Only namespaces you own or collaborate on; a Curfew admin can extend the rest._';
  await reply.update(
    plainMessage(
      `:hourglass_flowing_sand: Extend \`${escapeMrkdwn(command.sku)}\` by ${formatDuration(command.durationMs)}:\n${lines.join('\n')}${note}`,
    ),
  );
}
