import { ANNOTATIONS, DOWNSCALER_ANNOTATIONS as DS } from '../common/annotations.js';
import { CurfewInputError } from '../common/errors.js';
import { parseSchedule } from '../schedule/schedule.js';

/**
 * Whether Curfew must never touch a workload (Deployment, StatefulSet, CronJob, ScaledObject):
 * - `curfew.dev/exclude=true` (SPEC "State and annotations");
 * - `downscaler/exclude` with any value but `false`, as kube-downscaler reads it;
 * - kube-downscaler's "always up": its own `downscaler/uptime` is `always` and its own
 *   `downscaler/downtime` is absent or `never`. Curfew suspends whole namespaces, so a workload
 *   kube-downscaler would never scale down is one Curfew leaves alone.
 */
export function isWorkloadExcluded(annotations: Readonly<Record<string, string>>): boolean {
  if (annotations[ANNOTATIONS.exclude] === 'true') return true;
  const downscalerExclude = annotations[DS.exclude];
  if (downscalerExclude !== undefined && downscalerExclude.trim().toLowerCase() !== 'false') {
    return true;
  }
  const uptime = annotations[DS.uptime];
  if (uptime === undefined) return false;
  return kindOf(uptime) === 'always' && kindOf(annotations[DS.downtime] ?? 'never') === 'never';
}

function kindOf(spec: string): string | null {
  try {
    return parseSchedule(spec).kind;
  } catch (e) {
    if (e instanceof CurfewInputError) return null;
    throw e;
  }
}
