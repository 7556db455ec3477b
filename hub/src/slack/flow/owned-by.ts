import type { NamespaceSummary } from '@curfew/proto';
import { type Actor, isActor } from '../access/authorize.js';

/** Namespaces a user owns or collaborates on (owner annotations may be emails). */
export function involves(summary: NamespaceSummary, actor: Actor): boolean {
  return isActor(summary.owner, actor) || summary.collaborators.some((c) => isActor(c, actor));
}
