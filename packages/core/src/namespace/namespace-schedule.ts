import { ANNOTATIONS, DOWNSCALER_ANNOTATIONS as DS } from '../common/annotations.js';
import { CurfewInputError } from '../common/errors.js';
import { exceptDowntime } from '../schedule/downscaler-schedule.js';
import { parseSchedule } from '../schedule/schedule.js';
import type { Schedule, ScheduleDefaults } from '../schedule/schedule-types.js';
import type { NamespaceObservation } from './namespace.js';
import type { ClusterPolicy } from './policy.js';
import { isWorkloadExcluded } from './workload-exclusion.js';

/**
 * The schedule a managed namespace follows, first that applies:
 * 1. `curfew.dev/uptime` on the namespace (then kube-downscaler's annotations are not read);
 * 2. kube-downscaler's annotations: each non-excluded workload follows its own
 *    `downscaler/uptime` / `downscaler/downtime`, else the namespace's, else the cluster default
 *    uptime (and downtime `never`) — kube-downscaler's order, key by key. Curfew suspends a
 *    namespace as a whole, so those must come to one schedule; if they do not, the namespace is
 *    left alone with an error saying how to make them one (never a guess that suspends a
 *    workload its owner meant to keep running).
 * Throws CurfewInputError naming the annotation (and workload) that is wrong.
 */
export function namespaceSchedule(obs: NamespaceObservation, policy: ClusterPolicy): Schedule {
  const defaults: ScheduleDefaults = {
    timeZone: policy.defaultTimeZone,
    weekFrame: policy.defaultWeekFrame,
  };
  const override = obs.annotations[ANNOTATIONS.uptime];
  if (override !== undefined) {
    return parseNamed(override, `The annotation ${ANNOTATIONS.uptime}`, defaults);
  }
  const own = obs.annotations[DS.uptime];
  const namespaceLevel: Specs = {
    uptime: own ?? policy.defaultUptime,
    uptimeFrom: own === undefined ? 'The cluster default uptime' : `The annotation ${DS.uptime}`,
    downtime: obs.annotations[DS.downtime],
    downtimeFrom: `The annotation ${DS.downtime}`,
  };
  // Workloads by the schedule they follow (compared as parsed, so case and spacing do not count).
  const groups = new Map<string, { schedule: Schedule; who: string[]; namespaceLevel: boolean }>();
  const add = (schedule: Schedule, who: string[], namespaceLevel = false) => {
    const key = JSON.stringify(schedule, (k, v) => (k === 'source' ? undefined : v));
    const group = groups.get(key) ?? { schedule, who: [], namespaceLevel };
    group.who.push(...who);
    group.namespaceLevel ||= namespaceLevel;
    groups.set(key, group);
  };
  const followers: string[] = [];
  for (const w of obs.workloads ?? []) {
    if (isWorkloadExcluded(w.annotations)) continue;
    const uptime = w.annotations[DS.uptime];
    const downtime = w.annotations[DS.downtime];
    if (uptime === undefined && downtime === undefined) {
      followers.push(`${w.kind}/${w.name}`);
      continue;
    }
    const on = ` on ${w.kind}/${w.name}`;
    add(
      combine(
        {
          uptime: uptime ?? namespaceLevel.uptime,
          uptimeFrom:
            uptime === undefined ? namespaceLevel.uptimeFrom : `The annotation ${DS.uptime}${on}`,
          downtime: downtime ?? namespaceLevel.downtime,
          downtimeFrom:
            downtime === undefined
              ? namespaceLevel.downtimeFrom
              : `The annotation ${DS.downtime}${on}`,
        },
        defaults,
      ),
      [`${w.kind}/${w.name}`],
    );
  }
  if (followers.length > 0 || groups.size === 0) {
    add(combine(namespaceLevel, defaults), followers, true);
  }
  const [only, ...others] = [...groups.values()];
  if (only !== undefined && others.length === 0) return only.schedule;
  throw new CurfewInputError(
    `Workloads here follow different kube-downscaler schedules (${[...groups.values()]
      .map((g) => `${describeGroup(g.who, g.namespaceLevel)}: '${g.schedule.source}'`)
      .join('; ')}), and Curfew suspends a namespace as a whole.`,
    `Put one schedule on the namespace (${ANNOTATIONS.uptime} or ${DS.uptime}) and remove the workloads' own, or exclude the workloads that must keep theirs with ${DS.exclude}=true.`,
  );
}

interface Specs {
  uptime: string;
  uptimeFrom: string;
  downtime: string | undefined;
  downtimeFrom: string;
}

function combine(specs: Specs, defaults: ScheduleDefaults): Schedule {
  const uptime = parseNamed(specs.uptime, specs.uptimeFrom, defaults);
  if (specs.downtime === undefined) return uptime;
  return exceptDowntime(uptime, parseNamed(specs.downtime, specs.downtimeFrom, defaults));
}

function parseNamed(text: string, where: string, defaults: ScheduleDefaults): Schedule {
  try {
    return parseSchedule(text, defaults);
  } catch (e) {
    if (!(e instanceof CurfewInputError)) throw e;
    throw new CurfewInputError(`${where} is invalid: ${e.message}`, e.hint);
  }
}

function describeGroup(who: string[], namespaceLevel: boolean): string {
  if (!namespaceLevel) return listed(who);
  return who.length === 0 ? 'the namespace' : `${listed(who)} (the namespace's)`;
}

function listed(names: string[]): string {
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
