import type { ApiDeps } from './deps.js';
import type { Caller } from './route.js';

/** Records a change an API caller made to a cluster (register, rotate, revoke, prices). */
export async function auditClusterChange(
  deps: ApiDeps,
  caller: Caller,
  change: { action: `cluster.${string}`; clusterId: string; detail?: string },
): Promise<void> {
  await deps.audit.record({
    at: deps.clock.now(),
    actor: caller.actor,
    action: change.action,
    clusterId: change.clusterId,
    outcome: 'succeeded',
    ...(change.detail === undefined ? {} : { detail: change.detail }),
  });
}
