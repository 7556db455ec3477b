import type { ActionFacts } from './action-specs.js';
import type { ReplyTarget } from './reply.js';

/** A message waiting for a slow cluster's outcome: where it is and what it says. */
export interface FollowUp {
  commandId: string;
  facts: ActionFacts;
  reply: ReplyTarget;
  /** Epoch ms. */
  storedAt: number;
}
