import { createHash } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import { formatInstant, plural, timeBombOf } from '@curfew/core';
import {
  type Notification,
  NotificationKind,
  NotificationSchema,
  type WorkloadRef,
  WorkloadRefSchema,
} from '@curfew/proto';
import { ANN } from '../annotations.js';
import type { Usage } from '../kube/cache.js';
import { observeTimeBomb } from '../kube/observe.js';
import type { NamespaceObject, PodObject, WorkloadObject } from '../kube/types.js';

export interface NotificationContext {
  now: number;
  /** How long a non-reminder notification stays worth delivering. */
  staleAfterMs: number;
}

function base(ns: NamespaceObject, ctx: NotificationContext) {
  return {
    namespace: ns.meta.name,
    owner: ns.meta.annotations[ANN.owner] ?? '',
    channel: ns.meta.annotations[ANN.channel] ?? '',
    createdAt: timestampFromMs(ctx.now),
    staleAfter: timestampFromMs(ctx.now + ctx.staleAfterMs),
  };
}

function requested(usage: Usage) {
  return { cpuMillis: BigInt(usage.cpuMillis), memoryBytes: BigInt(usage.memoryBytes) };
}

/**
 * The id is derived from the namespace, offset and shutdown, so a reminder re-sent after an
 * agent restart is recognised by the hub as the same message. Stale at the shutdown itself:
 * "shutdown in 15 minutes" is wrong once it has happened.
 */
export function reminder(
  ns: NamespaceObject,
  usage: Usage,
  offsetMinutes: number,
  shutdownAt: number,
  ctx: NotificationContext,
): Notification {
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: `reminder:${ns.meta.name}:${offsetMinutes}@${shutdownAt}`,
    kind: NotificationKind.REMINDER,
    shutdownAt: timestampFromMs(shutdownAt),
    minutesBefore: offsetMinutes,
    runningPods: usage.runningPods,
    requested: requested(usage),
    staleAfter: timestampFromMs(shutdownAt),
    actor: 'schedule',
    text: `${ns.meta.name} will be suspended in ${plural(Math.max(0, Math.round((shutdownAt - ctx.now) / 60_000)), 'minute')}`,
  });
}

/** The id is the suspend's own instant: every agent that reports this suspend sends the same id. */
export function suspended(
  ns: NamespaceObject,
  usage: Usage,
  actor: string,
  text: string,
  ctx: NotificationContext,
  suspendedAt: string,
  commandId: string | undefined = '',
): Notification {
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: `suspended:${ns.meta.name}:${suspendedAt}`,
    kind: NotificationKind.SUSPENDED,
    runningPods: usage.runningPods,
    requested: requested(usage),
    actor,
    commandId: commandId ?? '',
    text,
  });
}

/**
 * The "resumed" report a resume owes, before its readiness is known. The id is the transition's
 * own (namespace and the instant the resume finished), so every agent that reports this resume
 * sends the same id. It is completed by resumedReport once the workloads are ready.
 */
export function resumePending(
  ns: NamespaceObject,
  actor: string,
  ctx: NotificationContext & { commandId?: string | undefined },
): Notification {
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: `resumed:${ns.meta.name}:${formatInstant(ctx.now)}`,
    kind: NotificationKind.RESUMED,
    actor,
    commandId: ctx.commandId ?? '',
    text: `${ns.meta.name} resumed; waiting for its workloads to be ready.`,
  });
}

/** "its 1 workload", "all 3 workloads": the subject of "… ready". */
export function everyWorkload(total: number): string {
  return total === 1 ? 'its 1 workload' : `all ${total} workloads`;
}

/** The owed report, completed: which workloads are ready, sent at `now`. */
export function resumedReport(
  pending: Notification,
  result: { ready: boolean; total: number; notReady: WorkloadRef[] },
  now: number,
): Notification {
  const name = pending.namespace;
  const text = result.ready
    ? `${name} is running again: ${everyWorkload(result.total)} ready.`
    : `${name} resumed, but ${result.notReady.length} of ${plural(result.total, 'workload')} ${result.notReady.length === 1 ? 'is' : 'are'} not ready: ${result.notReady.map((w) => `${w.name} (${w.reason})`).join(', ')}.`;
  return create(NotificationSchema, {
    ...pending,
    createdAt: timestampFromMs(now),
    workloads: result.notReady,
    text,
  });
}

export function drift(ns: NamespaceObject, text: string, ctx: NotificationContext): Notification {
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: `drift:${ns.meta.name}:${formatInstant(ctx.now)}`,
    kind: NotificationKind.DRIFT,
    actor: 'schedule',
    text,
  });
}

export function outcome(
  ns: NamespaceObject,
  actor: string,
  text: string,
  ctx: NotificationContext,
  commandId: string | undefined = '',
): Notification {
  // A command's outcome is the command's; one without (a wake by hand) is its namespace's at
  // that instant — unique per cluster and transition either way.
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: commandId ? `outcome:${commandId}` : `outcome:${ns.meta.name}:${formatInstant(ctx.now)}`,
    kind: NotificationKind.ACTION_OUTCOME,
    actor,
    commandId: commandId ?? '',
    text,
  });
}

/**
 * Ids of time-bomb notifications are derived from what they are about (the objects and their
 * validity), so one re-sent after an agent restart is the same message to the hub. Hashed:
 * a namespace can hold hundreds of workloads.
 */
function timeBombId(prefix: string, ns: NamespaceObject, workloads: WorkloadRef[], extra = '') {
  const about = workloads
    .map((w) => `${w.kind}/${w.name}@${w.validUntil ? Number(w.validUntil.seconds) : 0}`)
    .sort()
    .join(',');
  const digest = createHash('sha256').update(`${about}${extra}`).digest('hex').slice(0, 16);
  return `${prefix}:${ns.meta.name}:${digest}`;
}

/** Workloads whose time bomb goes off soon: Extend 1h / Extend 1d / Let it expire in Slack. */
export function expiryWarning(
  ns: NamespaceObject,
  workloads: WorkloadRef[],
  offsetMinutes: number,
  ctx: NotificationContext,
): Notification {
  const soonest = Math.min(...workloads.map((w) => (w.validUntil ? timestampMs(w.validUntil) : 0)));
  const minutes = Math.max(0, Math.round((soonest - ctx.now) / 60_000));
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: timeBombId('expiry-warning', ns, workloads, `:${offsetMinutes}`),
    kind: NotificationKind.EXPIRY_WARNING,
    workloads,
    minutesBefore: offsetMinutes,
    // "Expires in 15 minutes" is wrong once it has expired.
    staleAfter: timestampFromMs(soonest),
    actor: 'time-bomb',
    text: `${plural(workloads.length, 'workload')} in ${ns.meta.name} expire${workloads.length === 1 ? 's' : ''} in ${plural(minutes, 'minute')}`,
  });
}

/**
 * Workloads scaled to 0 and bare Pods deleted because their time bomb went off. `again`: workloads
 * someone scaled up by hand after they had expired, scaled back down (each as
 * `{name, resourceVersion, kept}`): the same time bombs a second time, so the id also names the
 * versions that were undone — an agent redoing it after a crash sees the same versions.
 */
export function expired(
  ns: NamespaceObject,
  workloads: WorkloadRef[],
  ctx: NotificationContext,
  again: readonly { name: string; resourceVersion: string; kept: number }[] = [],
): Notification {
  const scaled = workloads.filter((w) => w.kind !== 'Pod').length;
  const deleted = workloads.length - scaled;
  const undone = again.map((a) => `${a.name}@${a.resourceVersion}`).join(',');
  const detail =
    again.length === 0
      ? ''
      : ` ${again.map((a) => `${a.name} had been scaled up by hand after it expired; back at 0, its ${a.kept} recorded replicas return when it is extended`).join('; ')}.`;
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: timeBombId('expired', ns, workloads, undone ? `:again:${undone}` : ''),
    kind: NotificationKind.EXPIRED,
    workloads,
    actor: 'time-bomb',
    text: `Time is up in ${ns.meta.name}: ${plural(scaled, 'workload')} scaled to 0, ${plural(deleted, 'bare Pod')} deleted.${detail}`,
  });
}

/** A workload or bare Pod as notifications name it: kind, name, SKU and validity. */
export function workloadRef(
  object: WorkloadObject | PodObject,
  validUntil: number | null,
): WorkloadRef {
  const bomb = timeBombOf(observeTimeBomb(object));
  const until = validUntil ?? bomb.validUntil;
  return create(WorkloadRefSchema, {
    kind: object.kind,
    name: object.meta.name,
    namespace: object.meta.namespace,
    sku: bomb.sku,
    ...(until === null ? {} : { validUntil: timestampFromMs(until * 1000) }),
  });
}
