import type { Permission } from '../access/authorize.js';
import { authorize } from '../access/authorize.js';
import { refusalMessage } from '../blocks/notices.js';
import type { SlackContext } from './context.js';
import type { Reply } from './reply.js';
import type { NamespaceTarget } from './target-of.js';

export interface NamespaceRequest {
  actorId: string;
  target: NamespaceTarget;
  permission: Permission;
  /** The audit action, e.g. `slack:suspend`. */
  action: string;
  /** What was asked, for the refusal: "suspend team-a". */
  what: string;
  reply: Reply;
}

/**
 * Whether the actor may do this to the namespace (owner, collaborators, admins). A refusal
 * is audited and told only to the actor, so the shared message stays as it was.
 */
export async function mayAct(ctx: SlackContext, request: NamespaceRequest): Promise<boolean> {
  const summary = request.target.found.summary;
  const decision = authorize({
    actor: await ctx.identities.actor(request.actorId),
    owner: summary.owner,
    collaborators: summary.collaborators,
    admins: ctx.config.admins,
    permission: request.permission,
  });
  if (decision.allowed) return true;
  await ctx.audit.record({
    at: ctx.clock.now(),
    actor: request.actorId,
    action: request.action,
    clusterId: request.target.clusterId,
    namespace: summary.name,
    outcome: 'refused',
    detail: decision.reason,
  });
  await request.reply.private(refusalMessage(request.what, decision.reason));
  return false;
}
