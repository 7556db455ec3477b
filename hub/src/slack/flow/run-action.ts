import { formatDuration } from '@curfew/core';
import { Action, type CommandResult, CommandStatus } from '@curfew/proto';
import type { DispatchOutcome } from '../../ports.js';
import type { Permission } from '../access/authorize.js';
import { who } from '../blocks/format.js';
import { namespaceCard } from '../blocks/namespace-card.js';
import {
  expiredMessage,
  pendingMessage,
  progressMessage,
  resultMessage,
  unavailableMessage,
  workingMessage,
} from '../blocks/notices.js';
import type { SlackContext } from './context.js';
import { dispatchOrUnavailable } from './dispatch.js';
import { mayAct } from './may-act.js';
import type { Reply } from './reply.js';
import type { NamespaceTarget } from './target-of.js';

export type OwnerAction = 'suspend' | 'resume' | 'delete' | 'snooze' | 'prolong';

interface ActionSpec {
  action: Action;
  permission: Permission;
  /** "Suspending", shown while waiting. */
  progress: string;
  /** "Suspended", shown when done. */
  done: string;
  /** "suspend team-a", in refusals. */
  what: string;
}

const SPECS: Record<OwnerAction, ActionSpec> = {
  suspend: {
    action: Action.SUSPEND,
    permission: 'act',
    progress: 'Suspending',
    done: 'Suspended',
    what: 'suspend',
  },
  resume: {
    action: Action.RESUME,
    permission: 'act',
    progress: 'Resuming',
    done: 'Resumed',
    what: 'resume',
  },
  delete: {
    action: Action.DELETE,
    permission: 'delete',
    progress: 'Deleting',
    done: 'Deleted',
    what: 'delete',
  },
  snooze: {
    action: Action.SNOOZE,
    permission: 'act',
    progress: 'Snoozing',
    done: 'Snoozed',
    what: 'snooze',
  },
  prolong: {
    action: Action.PROLONG,
    permission: 'act',
    progress: 'Prolonging',
    done: 'Prolonged',
    what: 'prolong',
  },
};

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
 * and replace the message with the outcome — now, or when a slow cluster answers.
 */
export async function runAction(ctx: SlackContext, request: ActionRequest): Promise<void> {
  const spec = SPECS[request.kind];
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
    ...(request.durationMs === undefined ? {} : { durationMs: request.durationMs }),
    ...(ctx.config.commandTtlMs === undefined ? {} : { ttlMs: ctx.config.commandTtlMs }),
  });
  await finish(ctx, request, outcome);
}

async function finish(
  ctx: SlackContext,
  request: ActionRequest,
  outcome: DispatchOutcome,
): Promise<void> {
  const spec = SPECS[request.kind];
  const { target } = request;
  const name = target.found.summary.name;
  const base = {
    actor: request.actorId,
    action: `slack:${request.kind}`,
    clusterId: target.clusterId,
    namespace: name,
  };
  switch (outcome.state) {
    case 'done': {
      const ok =
        outcome.result.status === CommandStatus.SUCCEEDED ||
        outcome.result.status === CommandStatus.ACCEPTED;
      await ctx.audit.record({
        ...base,
        at: ctx.clock.now(),
        outcome: ok ? 'succeeded' : 'failed',
        commandId: outcome.commandId,
        ...(outcome.result.message === '' ? {} : { detail: outcome.result.message }),
      });
      await request.reply.update(outcomeContent(ctx, request, spec, outcome.result, ok));
      // The agent may also report this outcome as a notification; it is already shown.
      await ctx.redis.set(ctx.keys.commandShown(outcome.commandId), '1', 'EX', 86_400);
      return;
    }
    case 'pending': {
      let shown = outcome.progress;
      if (shown) {
        await request.reply.update(workingMessage(spec.progress, name, target.clusterName, shown));
      } else {
        const cluster = await ctx.clusters.get(target.clusterId).catch(() => null);
        await request.reply.update(
          pendingMessage(spec.progress, name, target.clusterName, {
            connected: cluster?.connected ?? false,
            ...(cluster?.lastSeen === undefined ? {} : { lastSeen: cluster.lastSeen }),
            ...(ctx.config.commandTtlMs === undefined ? {} : { waitMs: ctx.config.commandTtlMs }),
          }),
        );
      }
      // Whichever replica gets the result calls back here; the message updates then (and on
      // the agent's progress in between). The result may also have landed between dispatch and
      // subscribing: look once after.
      let settled = false;
      // Updates go out one after another, so a slow progress update never lands after the end.
      let updating = Promise.resolve();
      const settle = (later: DispatchOutcome) => {
        if (!settled && later.state === 'pending' && later.progress && later.progress !== shown) {
          const progress = later.progress;
          shown = progress;
          updating = updating
            .then(() =>
              request.reply.update(
                workingMessage(spec.progress, name, target.clusterName, progress),
              ),
            )
            .catch((error: unknown) =>
              ctx.logger.warn({ err: String(error) }, 'slack progress update failed'),
            );
          return;
        }
        if (settled || later.state === 'pending') return;
        settled = true;
        unsubscribe();
        updating
          .then(() => finish(ctx, request, later))
          .catch((error: unknown) =>
            ctx.logger.error(
              { err: String(error), commandId: outcome.commandId },
              'slack outcome update failed',
            ),
          );
      };
      const unsubscribe = ctx.dispatcher.onOutcome(outcome.commandId, settle);
      const already = await ctx.dispatcher.outcome(outcome.commandId).catch(() => null);
      if (already) settle(already);
      return;
    }
    case 'expired':
      await ctx.audit.record({
        ...base,
        at: ctx.clock.now(),
        outcome: 'expired',
        commandId: outcome.commandId,
        detail: outcome.message,
      });
      await request.reply.update(expiredMessage(name, target.clusterName, outcome.message));
      return;
    case 'unavailable':
      await ctx.audit.record({
        ...base,
        at: ctx.clock.now(),
        outcome: 'failed',
        detail: outcome.message,
      });
      await request.reply.update(unavailableMessage(outcome.message, outcome.reason));
      return;
  }
}

function outcomeContent(
  ctx: SlackContext,
  request: ActionRequest,
  spec: ActionSpec,
  result: CommandResult,
  ok: boolean,
) {
  const { target } = request;
  const duration =
    request.durationMs === undefined ? '' : ` for ${formatDuration(request.durationMs)}`;
  if (ok && result.namespace && request.kind !== 'delete') {
    const notReady =
      result.notReady.length === 0
        ? ''
        : ` Not ready yet: ${result.notReady.map((w) => `${w.name}${w.reason ? ` (${w.reason})` : ''}`).join(', ')}.`;
    return namespaceCard({
      clusterId: target.clusterId,
      clusterName: target.clusterName,
      summary: result.namespace,
      now: ctx.clock.now(),
      note: `:white_check_mark: ${spec.done}${duration} by ${who(request.actorId)}.${notReady}`,
    });
  }
  return resultMessage({
    done: `${spec.done}${duration}`,
    what: spec.what,
    namespace: target.found.summary.name,
    clusterName: target.clusterName,
    result,
    actor: request.actorId,
  });
}
