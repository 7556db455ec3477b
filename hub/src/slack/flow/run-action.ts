import { pendingMessage, progressMessage, workingMessage } from '../blocks/notices.js';
import { showOutcome } from './action-outcome.js';
import { ACTION_SPECS, type ActionFacts, type OwnerAction } from './action-specs.js';
import type { SlackContext } from './context.js';
import { dispatchOrUnavailable } from './dispatch.js';
import { finishFollowUp } from './follow-ups.js';
import { mayAct } from './may-act.js';
import type { Reply } from './reply.js';
import type { NamespaceTarget } from './target-of.js';

export type { OwnerAction };

export interface ActionRequest {
  kind: OwnerAction;
  actorId: string;
  target: NamespaceTarget;
  durationMs?: number;
  /** Same Slack request → same key → the dispatcher runs the command once. */
  idempotencyKey: string;
  reply: Reply;
}

/**
 * Everything an owner action does, whatever button or command asked for it: authorize
 * (refusals are private and audited), show progress in place, dispatch to the cluster
 * and replace the message with the outcome — now, or when a slow cluster answers, on
 * whichever replica learns of it (follow-ups.ts).
 */
export async function runAction(ctx: SlackContext, request: ActionRequest): Promise<void> {
  const spec = ACTION_SPECS[request.kind];
  const { target } = request;
  const summary = target.found.summary;
  const allowed = await mayAct(ctx, {
    actorId: request.actorId,
    target,
    permission: spec.permission,
    action: `slack:${request.kind}`,
    what: `${spec.what} ${summary.name}`,
    reply: request.reply,
  });
  if (!allowed) return;
  await request.reply.update(progressMessage(spec.progress, summary.name, target.clusterName));
  const outcome = await dispatchOrUnavailable(ctx, {
    action: spec.action,
    clusterId: target.clusterId,
    namespace: summary.name,
    requestedBy: request.actorId,
    idempotencyKey: request.idempotencyKey,
    audit: { action: `slack:${request.kind}` },
    ...(request.durationMs === undefined ? {} : { durationMs: request.durationMs }),
    ...(ctx.config.commandTtlMs === undefined ? {} : { ttlMs: ctx.config.commandTtlMs }),
  });
  const facts: ActionFacts = {
    kind: request.kind,
    actorId: request.actorId,
    clusterId: target.clusterId,
    clusterName: target.clusterName,
    namespace: summary.name,
    ...(request.durationMs === undefined ? {} : { durationMs: request.durationMs }),
  };
  if (outcome.state !== 'pending') {
    await showOutcome(ctx, facts, request.reply, outcome);
    return;
  }
  // The "still waiting" text goes first: the outcome, written later by any replica, must
  // come after it in the message's coalesced updates. When the cluster has said it began a long
  // action (a delete waits for Kubernetes to empty the namespace), its own words say so.
  if (outcome.progress) {
    await request.reply.update(
      workingMessage(spec.progress, summary.name, target.clusterName, outcome.progress),
    );
  } else {
    const cluster = await ctx.clusters.get(target.clusterId).catch(() => null);
    await request.reply.update(
      pendingMessage(spec.progress, summary.name, target.clusterName, {
        connected: cluster?.connected ?? false,
        ...(cluster?.lastSeen === undefined ? {} : { lastSeen: cluster.lastSeen }),
        ...(ctx.config.commandTtlMs === undefined ? {} : { waitMs: ctx.config.commandTtlMs }),
      }),
    );
  }
  await ctx.followUps.save({
    commandId: outcome.commandId,
    facts,
    reply: request.reply.target,
    storedAt: ctx.clock.now(),
  });
  // It may have finished before the follow-up was stored, unheard by anyone: look once.
  await finishFollowUp(ctx, outcome.commandId);
}
