/** What an action needs: viewing is open to everyone, acting to owners/collaborators/admins. */
export type Permission = 'view' | 'act' | 'delete';

export interface Actor {
  /** Slack user id. */
  id: string;
  /** From users.info, when Slack shared it (owner annotations are often emails). */
  email?: string;
}

export interface AccessInput {
  actor: Actor;
  /** `curfew.dev/owner`: email or Slack user id; empty when unset. */
  owner: string;
  collaborators: readonly string[];
  /** Hub admins from config: Slack user ids or emails. */
  admins: readonly string[];
  permission: Permission;
}

export type AccessDecision =
  | { allowed: true; as: 'owner' | 'collaborator' | 'admin' | 'anyone' }
  | { allowed: false; reason: string };

/** Does an owner/collaborator/admin entry (email or user id) denote this actor? */
export function isActor(entry: string, actor: Actor): boolean {
  const wanted = entry.trim();
  if (wanted === '') return false;
  if (wanted === actor.id) return true;
  return actor.email !== undefined && wanted.toLowerCase() === actor.email.toLowerCase();
}

/**
 * SPEC "Slack → Authorization": the owner, listed collaborators and hub admins may act;
 * delete is owner or admin only. Reasons are written for the person refused.
 */
export function authorize(input: AccessInput): AccessDecision {
  const { actor, permission } = input;
  if (permission === 'view') return { allowed: true, as: 'anyone' };
  if (input.owner !== '' && isActor(input.owner, actor)) return { allowed: true, as: 'owner' };
  if (input.admins.some((a) => isActor(a, actor))) return { allowed: true, as: 'admin' };
  const collaborator = input.collaborators.some((c) => isActor(c, actor));
  if (permission === 'act' && collaborator) return { allowed: true, as: 'collaborator' };
  const owner = input.owner === '' ? 'nobody (no curfew.dev/owner annotation)' : input.owner;
  if (permission === 'delete') {
    return {
      allowed: false,
      reason: collaborator
        ? `Only the owner (${owner}) or a Curfew admin may delete it; collaborators may not.`
        : `Only the owner (${owner}) or a Curfew admin may delete it.`,
    };
  }
  return {
    allowed: false,
    reason: `Only the owner (${owner}), its collaborators or a Curfew admin may do that. Ask the owner to add you to curfew.dev/collaborators.`,
  };
}
