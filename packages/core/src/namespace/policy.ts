import { isDnsLabel } from '../common/dns.js';
import { CurfewInputError } from '../common/errors.js';
import { normalizeOffsets } from '../schedule/offsets.js';
import { parseSchedule, validateScheduleDefaults } from '../schedule/schedule.js';

/** Cluster-wide settings the agent is installed with (helm values). */
export interface ClusterPolicy {
  /** `opt-in`: only namespaces labelled managed=true; `opt-out`: all except managed=false. */
  mode: 'opt-in' | 'opt-out';
  /** Uptime schedule for namespaces without a `curfew.dev/uptime` override. */
  defaultUptime: string;
  /** Zone for windows written without one (kube-downscaler's DEFAULT_TIMEZONE). */
  defaultTimeZone?: string | undefined;
  /** Days for windows written without them, e.g. `Mon-Fri` (kube-downscaler's DEFAULT_WEEKFRAME). */
  defaultWeekFrame?: string | undefined;
  /** Minutes before shutdown at which owners are reminded, e.g. [60, 30, 15]. */
  reminderOffsetsMinutes: readonly number[];
  /** Namespaces never touched besides `kube-*` and the agent's own; `prefix-*` for families. */
  systemNamespaces: readonly string[];
  /** The namespace the agent runs in (never touched: it must not suspend itself). */
  agentNamespace: string;
}

export const DEFAULT_REMINDER_OFFSETS_MINUTES: readonly number[] = [60, 30, 15];

/**
 * Checks a policy once at agent start-up, so a bad helm value fails the rollout with a clear
 * message instead of every decision reporting it. Returns the policy with offsets largest first.
 */
export function validatePolicy(policy: ClusterPolicy): ClusterPolicy {
  if (policy.mode !== 'opt-in' && policy.mode !== 'opt-out') {
    throw new CurfewInputError(
      `The cluster mode '${String(policy.mode)}' is unknown.`,
      "Set mode to 'opt-in' or 'opt-out'.",
    );
  }
  const defaults = validateScheduleDefaults({
    timeZone: policy.defaultTimeZone,
    weekFrame: policy.defaultWeekFrame,
  });
  try {
    parseSchedule(policy.defaultUptime, defaults);
  } catch (e) {
    if (!(e instanceof CurfewInputError)) throw e;
    throw new CurfewInputError(`The cluster default uptime is invalid: ${e.message}`, e.hint);
  }
  if (!isDnsLabel(policy.agentNamespace)) {
    throw new CurfewInputError(
      `The agent namespace '${policy.agentNamespace}' is not a valid namespace name.`,
      'Set agentNamespace to the namespace the agent is installed in.',
    );
  }
  return {
    ...policy,
    defaultTimeZone: defaults.timeZone,
    defaultWeekFrame: defaults.weekFrame,
    reminderOffsetsMinutes: normalizeOffsets(policy.reminderOffsetsMinutes),
  };
}

/**
 * `kube-*`, the agent's own namespace and the configured list are never touched, in any mode.
 * A configured entry ending in `*` is a prefix (`openshift-*`), as platform namespaces come in
 * families.
 */
export function isSystemNamespace(name: string, policy: ClusterPolicy): boolean {
  return (
    name.startsWith('kube-') ||
    name === policy.agentNamespace ||
    policy.systemNamespaces.some((entry) =>
      entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry,
    )
  );
}
