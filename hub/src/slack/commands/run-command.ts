import type { NamespaceRef, SlashCommand } from '@curfew/core';
import { whichClusterMessage } from '../blocks/command-answers.js';
import { listMessage } from '../blocks/list.js';
import { namespaceCard } from '../blocks/namespace-card.js';
import { plainMessage } from '../blocks/notices.js';
import type { SlackContext } from '../flow/context.js';
import { listedNamespaces } from '../flow/listed-namespaces.js';
import { mayAct } from '../flow/may-act.js';
import { type Reply, responseUrlReply } from '../flow/reply.js';
import { runAction } from '../flow/run-action.js';
import type { NamespaceTarget } from '../flow/target-of.js';
import type { CommandOrigin } from './command-origin.js';
import { qualifiedCommandText } from './command-text.js';
import { runExtend } from './run-extend.js';
import { runSupport } from './run-support.js';
import { pickTarget } from './target.js';

/** Carries out a parsed command after Slack has been answered; results replace the placeholder. */
export async function runCommand(
  ctx: SlackContext,
  command: SlashCommand,
  origin: CommandOrigin,
): Promise<void> {
  const reply = responseUrlReply(ctx.outbox, origin.responseUrl);
  switch (command.kind) {
    case 'help':
    case 'error':
      return;
    case 'list':
      return list(ctx, origin, reply);
    case 'extend':
      return runExtend(ctx, command, origin, reply);
    case 'support-start':
    case 'support-stop':
      return runSupport(ctx, command, origin, reply);
    default: {
      const target = await resolve(ctx, command, command.target, reply);
      if (!target) return;
      switch (command.kind) {
        case 'status':
          await reply.update(
            namespaceCard({
              clusterId: target.clusterId,
              clusterName: target.clusterName,
              summary: target.found.summary,
              now: ctx.clock.now(),
              ownerUserId: await ownerUser(ctx, target.found.summary.owner),
            }),
          );
          return;
        case 'delete':
          return confirmDelete(ctx, target, origin, reply);
        case 'start':
          return runAction(ctx, {
            kind: 'resume',
            actorId: origin.actorId,
            target,
            idempotencyKey: origin.idempotencyKey,
            reply,
          });
        case 'stop':
          return runAction(ctx, {
            kind: 'suspend',
            actorId: origin.actorId,
            target,
            idempotencyKey: origin.idempotencyKey,
            reply,
          });
        case 'prolong':
          return runAction(ctx, {
            kind: 'prolong',
            actorId: origin.actorId,
            target,
            durationMs: command.durationMs,
            idempotencyKey: origin.idempotencyKey,
            reply,
          });
      }
    }
  }
}

async function list(ctx: SlackContext, origin: CommandOrigin, reply: Reply): Promise<void> {
  const mine = await listedNamespaces(ctx, origin.actorId);
  await reply.update(listMessage(mine, ctx.clock.now(), ctx.config.commandName));
}

/** The one namespace meant, or an answer saying there is none / asking which. */
async function resolve(
  ctx: SlackContext,
  command: SlashCommand,
  ref: NamespaceRef,
  reply: Reply,
): Promise<NamespaceTarget | undefined> {
  const [clusters, found] = await Promise.all([
    ctx.clusters.list(),
    ctx.namespaces.find(ref.namespace),
  ]);
  let picked = pickTarget(ref, clusters, found);
  if (picked.kind === 'none') {
    // Only a miss pays for reading every namespace: for the "did you mean …?".
    const known = (await ctx.namespaces.list()).map((n) => ({
      clusterId: n.clusterId,
      name: n.summary.name,
    }));
    picked = pickTarget(ref, clusters, found, known);
  }
  switch (picked.kind) {
    case 'one':
      return {
        clusterId: picked.target.match.clusterId,
        clusterName: picked.target.clusterName,
        found: picked.target.match,
      };
    case 'none':
      await reply.update(plainMessage(`:grey_question: ${picked.message}`));
      return undefined;
    case 'ambiguous': {
      const choices = picked.targets.flatMap((t) => {
        const cluster = clusters.find((c) => c.clusterId === t.match.clusterId);
        const text = qualifiedCommandText(command, cluster?.name ?? t.match.clusterId);
        return text === undefined ? [] : [{ clusterName: t.clusterName, commandText: text }];
      });
      await reply.update(whichClusterMessage(ref.namespace, choices));
      return undefined;
    }
  }
}

/** Delete from Slack only after a confirmation dialog (SPEC): answer with the button that has one. */
async function confirmDelete(
  ctx: SlackContext,
  target: NamespaceTarget,
  origin: CommandOrigin,
  reply: Reply,
): Promise<void> {
  const summary = target.found.summary;
  const allowed = await mayAct(ctx, {
    actorId: origin.actorId,
    target,
    permission: 'delete',
    action: 'slack:delete',
    what: `delete ${summary.name}`,
    reply,
  });
  if (!allowed) return;
  await reply.update(
    namespaceCard({
      clusterId: target.clusterId,
      clusterName: target.clusterName,
      summary,
      now: ctx.clock.now(),
      ownerUserId: await ownerUser(ctx, summary.owner),
      note: ':wastebasket: Press *Delete* below to delete this namespace (you will be asked to confirm).',
    }),
  );
}

/** The owner as a Slack user to mention; a failed lookup shows the annotation, not an error. */
function ownerUser(ctx: SlackContext, owner: string): Promise<string | null> {
  return ctx.identities.userFor(owner).catch(() => null);
}
