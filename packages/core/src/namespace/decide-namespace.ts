import { ANNOTATIONS, type AnnotationPatch } from '../common/annotations.js';
import { CurfewInputError } from '../common/errors.js';
import { formatInstant, parseInstant } from '../common/instant.js';
import {
  formatOffsetRecord,
  latestDueOffset,
  nextOffsetAt,
  parseOffsetRecord,
} from '../schedule/offsets.js';
import { isUptime, nextUptimeStart, uptimeEndFrom } from '../schedule/uptime.js';
import type { NamespaceDecision } from './decision.js';
import {
  resumedAnnotations,
  suspendedAnnotations,
  wokenAnnotations,
} from './lifecycle-annotations.js';
import { type ManagedContext, managedContext } from './managed-context.js';
import { isSuspended, managementOf, type NamespaceObservation } from './namespace.js';
import type { ClusterPolicy } from './policy.js';

const MINUTE = 60_000;

/**
 * The namespace decision: what is due now for one namespace. Pure: the clock is `now`, and all
 * state comes from the observation's labels and annotations.
 *
 * Rules, in order:
 * 1. System namespaces (`kube-*`, the agent's own, the configured list) and Terminating namespaces
 *    are never touched; in opt-in clusters only `curfew.dev/managed=true`, in opt-out clusters all
 *    but `curfew.dev/managed=false` are managed.
 * 2. The schedule is the `curfew.dev/uptime` override or the cluster default. An invalid override
 *    (or `curfew.dev/wake` value) is reported and the namespace is left alone, never guessed.
 * 3. Suspended namespaces: see decideSuspended. Running namespaces: see decideRunning.
 */
export function decideNamespace(
  obs: NamespaceObservation,
  policy: ClusterPolicy,
  now: number,
): NamespaceDecision {
  const base = { namespace: obs.name, shutdownAt: null, nextCheckAt: null, annotations: {} };
  const management = managementOf(obs, policy);
  if (!management.managed) {
    const kind = management.state === 'system' ? 'system' : 'unmanaged';
    return { ...base, kind, state: management.state, reason: management.reason };
  }
  let ctx: ManagedContext;
  try {
    ctx = managedContext(obs, policy, now);
  } catch (e) {
    if (!(e instanceof CurfewInputError)) throw e;
    return {
      ...base,
      kind: 'invalid',
      state: isSuspended(obs) ? 'suspended' : 'running',
      reason: `left alone: ${e.message}`,
      error: { message: e.message, hint: e.hint },
    };
  }
  return isSuspended(obs) ? decideSuspended(ctx) : decideRunning(ctx);
}

/**
 * A suspended namespace:
 * - workloads scaled up while suspended means a person woke it by hand → mark-woken: state becomes
 *   running and the schedule starts over, with at least the largest reminder offset of runtime
 *   so every reminder is sent again before the next suspend;
 * - `wake: auto` → resume at the first uptime start after `suspended-at` (never right after a
 *   person suspended it during uptime), provided it is still uptime;
 * - `wake: manual` → nothing until someone resumes it.
 * A missing or garbled `suspended-at` is recorded as now, so auto-wake waits for the next start.
 */
function decideSuspended(ctx: ManagedContext): NamespaceDecision {
  const { obs, schedule, now } = ctx;
  const base = { namespace: obs.name, shutdownAt: null };
  if (obs.scaledUpWorkloads > 0) {
    const { annotations, shutdownAt } = wokenAnnotations(ctx);
    return {
      ...base,
      kind: 'mark-woken',
      state: 'running',
      reason: `${obs.scaledUpWorkloads} workload(s) were scaled up by hand while suspended`,
      shutdownAt,
      nextCheckAt: now,
      annotations,
    };
  }
  const suspendedAt = parseInstant(obs.annotations[ANNOTATIONS.suspendedAt]);
  if (suspendedAt === null) {
    return {
      ...base,
      kind: 'none',
      state: 'suspended',
      reason: `suspended; ${ANNOTATIONS.suspendedAt} was missing and is recorded as now`,
      nextCheckAt: ctx.wake === 'auto' ? nextUptimeStart(schedule, now) : null,
      annotations: { [ANNOTATIONS.suspendedAt]: formatInstant(now) },
    };
  }
  if (ctx.wake === 'manual') {
    return {
      ...base,
      kind: 'none',
      state: 'suspended',
      reason: 'suspended; wakes by hand',
      nextCheckAt: null,
      annotations: {},
    };
  }
  const wakeAt = nextUptimeStart(schedule, suspendedAt);
  if (wakeAt !== null && wakeAt <= now && isUptime(schedule, now)) {
    return {
      ...base,
      kind: 'resume',
      state: 'running',
      reason: `auto-wake: uptime started at ${formatInstant(wakeAt)}`,
      nextCheckAt: now,
      annotations: resumedAnnotations(),
    };
  }
  const next = wakeAt !== null && wakeAt > now ? wakeAt : nextUptimeStart(schedule, now);
  return {
    ...base,
    kind: 'none',
    state: 'suspended',
    reason:
      next === null
        ? 'suspended; the schedule has no uptime start to wake at'
        : 'suspended; auto-wake at next uptime start',
    nextCheckAt: next,
    annotations: {},
  };
}

/**
 * A running namespace. The shutdown it works towards (E) is:
 * - `scheduled`: the end of the uptime stretch containing now — or containing the end of an
 *   active snooze (`snoozed-until`), so a snooze that ends inside a later uptime window simply
 *   hands over to that window (daily reset) while a longer one is honoured until it ends;
 * - but never earlier than a planned `shutdown-at` still in the future (what the owner was last
 *   told, or the runtime granted when woken), so a shutdown never comes earlier than announced.
 * When the schedule wants it down now (outside uptime, `never`, snooze over):
 * - a reminder was already sent for the planned shutdown, and no uptime window started since
 *   → suspend;
 * - otherwise it came under the schedule late (new namespace, snooze ended or agent down without
 *   reminders, woken earlier): with running pods it gets the last (smallest) reminder and that
 *   reminder's grace period; without running pods there is nothing to lose → suspend.
 * Before E, reminders go out at the offsets, only while pods are running; the first reminder
 * always leaves at least the smallest offset of grace (E moves later if needed).
 */
function decideRunning(ctx: ManagedContext): NamespaceDecision {
  const { obs, schedule, offsets, now } = ctx;
  const smallest = offsets.at(-1) as number;
  const patch: AnnotationPatch = {};
  const snoozeText = obs.annotations[ANNOTATIONS.snoozedUntil];
  const snoozeEnd = parseInstant(snoozeText);
  if (snoozeText !== undefined && (snoozeEnd === null || snoozeEnd <= now)) {
    patch[ANNOTATIONS.snoozedUntil] = null;
  }
  const activeSnooze = snoozeEnd !== null && snoozeEnd > now ? snoozeEnd : null;
  const scheduled = uptimeEndFrom(schedule, activeSnooze ?? now);
  const planned = parseInstant(obs.annotations[ANNOTATIONS.shutdownAt]);
  const record = parseOffsetRecord(obs.annotations[ANNOTATIONS.reminderSent]);
  const sentForPlanned =
    planned !== null && record?.deadline === planned ? record.offsetMinutes : null;
  const base = { namespace: obs.name, state: 'running' as const };

  if (scheduled === null) {
    if (obs.annotations[ANNOTATIONS.shutdownAt] !== undefined) patch[ANNOTATIONS.shutdownAt] = null;
    if (obs.annotations[ANNOTATIONS.reminderSent] !== undefined) {
      patch[ANNOTATIONS.reminderSent] = null;
    }
    return {
      ...base,
      kind: 'none',
      reason: 'the schedule never ends uptime',
      shutdownAt: null,
      nextCheckAt: null,
      annotations: patch,
    };
  }

  let shutdown: number;
  if (scheduled > now) {
    shutdown = planned !== null && planned > scheduled ? planned : scheduled;
  } else if (planned !== null && planned > now) {
    shutdown = planned;
  } else if (planned !== null && sentForPlanned !== null && !uptimeStartedSince(ctx, planned)) {
    return suspend(ctx, patch, `shutdown time ${formatInstant(planned)} reached after a reminder`);
  } else if (obs.runningPods === 0) {
    return suspend(ctx, patch, 'outside uptime with no running pods');
  } else {
    return remind(ctx, patch, smallest, now + smallest * MINUTE, true);
  }

  const sent = shutdown === planned ? sentForPlanned : null;
  const due = obs.runningPods > 0 ? latestDueOffset(shutdown, offsets, now) : null;
  if (due !== null && (sent === null || due < sent)) {
    const late = sent === null && shutdown - now < smallest * MINUTE;
    return late
      ? remind(ctx, patch, smallest, now + smallest * MINUTE, true)
      : remind(ctx, patch, due, shutdown, false);
  }
  if (shutdown !== planned) {
    patch[ANNOTATIONS.shutdownAt] = formatInstant(shutdown);
    if (obs.annotations[ANNOTATIONS.reminderSent] !== undefined) {
      patch[ANNOTATIONS.reminderSent] = null;
    }
  }
  return {
    ...base,
    kind: 'none',
    reason:
      activeSnooze !== null
        ? `snoozed until ${formatInstant(activeSnooze)}`
        : `running until ${formatInstant(shutdown)}`,
    shutdownAt: shutdown,
    nextCheckAt: Math.min(nextOffsetAt(shutdown, offsets, now) ?? shutdown, shutdown),
    annotations: patch,
  };
}

/**
 * Whether uptime came between `since` and now: the daily reset makes what was promised for
 * `since` stale. `since` itself counts — a shutdown planned for the very instant a window opens
 * (woken by hand just before it) hands over to that window, and the window's own end needs its
 * own reminders. Boundaries are strictly after their argument, so check `since` separately.
 */
function uptimeStartedSince(ctx: ManagedContext, since: number): boolean {
  if (since <= ctx.now && isUptime(ctx.schedule, since)) return true;
  const start = nextUptimeStart(ctx.schedule, since);
  return start !== null && start <= ctx.now;
}

function remind(
  ctx: ManagedContext,
  patch: AnnotationPatch,
  offsetMinutes: number,
  shutdownAt: number,
  late: boolean,
): NamespaceDecision {
  const next = nextOffsetAt(shutdownAt, ctx.offsets, ctx.now);
  return {
    namespace: ctx.obs.name,
    state: 'running',
    kind: 'remind',
    offsetMinutes,
    shutdownAt,
    late,
    reason: late
      ? `came under the schedule late: last reminder, shutdown in ${offsetMinutes} minutes`
      : `${offsetMinutes}-minute reminder before shutdown at ${formatInstant(shutdownAt)}`,
    nextCheckAt: next === null ? shutdownAt : Math.min(next, shutdownAt),
    annotations: {
      ...patch,
      [ANNOTATIONS.shutdownAt]: formatInstant(shutdownAt),
      [ANNOTATIONS.reminderSent]: formatOffsetRecord(offsetMinutes, shutdownAt),
    },
  };
}

function suspend(ctx: ManagedContext, patch: AnnotationPatch, reason: string): NamespaceDecision {
  const annotations = { ...patch, ...suspendedAnnotations(ctx.now, 'schedule') };
  if (ctx.obs.annotations[ANNOTATIONS.snoozedUntil] !== undefined) {
    annotations[ANNOTATIONS.snoozedUntil] = null;
  }
  return {
    namespace: ctx.obs.name,
    state: 'suspended',
    kind: 'suspend',
    reason,
    shutdownAt: null,
    nextCheckAt: ctx.wake === 'auto' ? nextUptimeStart(ctx.schedule, ctx.now) : null,
    annotations,
  };
}
