import { parseSchedule } from './schedule.js';
import type { Schedule, ScheduleDefaults } from './schedule-types.js';

/**
 * Uptime except downtime. kube-downscaler keeps a workload up when its uptime spec holds and its
 * downtime spec does not (`matches(uptime) and not matches(downtime)`); this is that schedule,
 * simplified where one side is constant.
 */
export function exceptDowntime(uptime: Schedule, downtime: Schedule): Schedule {
  if (downtime.kind === 'never' || uptime.kind === 'never') return uptime;
  const source = `${uptime.source} except ${downtime.source}`;
  if (downtime.kind === 'always') return { kind: 'never', source };
  return { kind: 'except', source, uptime, downtime };
}

/**
 * A schedule from kube-downscaler's uptime and downtime specs; a missing uptime is `always` and
 * a missing downtime `never`, kube-downscaler's own defaults. Throws CurfewInputError.
 */
export function downscalerSchedule(
  specs: { uptime?: string | undefined; downtime?: string | undefined },
  defaults: ScheduleDefaults = {},
): Schedule {
  return exceptDowntime(
    parseSchedule(specs.uptime ?? 'always', defaults),
    parseSchedule(specs.downtime ?? 'never', defaults),
  );
}
