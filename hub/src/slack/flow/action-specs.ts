import { Action } from '@curfew/proto';
import type { Permission } from '../access/authorize.js';

export type OwnerAction = 'suspend' | 'resume' | 'delete' | 'snooze' | 'prolong';

export interface ActionSpec {
  action: Action;
  permission: Permission;
  /** "Suspending", shown while waiting. */
  progress: string;
  /** "Suspended", shown when done. */
  done: string;
  /** "suspend team-a", in refusals. */
  what: string;
}

export const ACTION_SPECS: Record<OwnerAction, ActionSpec> = {
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

/**
 * What an owner action's outcome message says, as plain data: kept in Redis with a command
 * still waiting for its cluster, so any replica can write the outcome.
 */
export interface ActionFacts {
  kind: OwnerAction;
  actorId: string;
  clusterId: string;
  clusterName: string;
  namespace: string;
  durationMs?: number;
}
