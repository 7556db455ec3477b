import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  type Notification,
  NotificationKind,
  NotificationSchema,
  type WorkloadRef,
} from '@curfew/proto';
import { ANN } from '../annotations.js';
import type { Usage } from '../kube/cache.js';
import type { NamespaceObject } from '../kube/types.js';

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
    text: `${ns.meta.name} will be suspended in ${Math.max(0, Math.round((shutdownAt - ctx.now) / 60_000))} minutes`,
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
  commandId = '',
): Notification {
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: `suspended:${ns.meta.name}:${suspendedAt}`,
    kind: NotificationKind.SUSPENDED,
    runningPods: usage.runningPods,
    requested: requested(usage),
    actor,
    commandId,
    text,
  });
}

export function resumed(
  ns: NamespaceObject,
  actor: string,
  text: string,
  notReady: WorkloadRef[],
  ctx: NotificationContext,
  commandId = '',
): Notification {
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: `resumed:${ns.meta.name}:${ctx.now}`,
    kind: NotificationKind.RESUMED,
    workloads: notReady,
    actor,
    commandId,
    text,
  });
}

export function drift(ns: NamespaceObject, text: string, ctx: NotificationContext): Notification {
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: `drift:${ns.meta.name}:${ctx.now}`,
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
  commandId = '',
): Notification {
  return create(NotificationSchema, {
    ...base(ns, ctx),
    id: commandId ? `outcome:${commandId}` : `outcome:${ns.meta.name}:${ctx.now}`,
    kind: NotificationKind.ACTION_OUTCOME,
    actor,
    commandId,
    text,
  });
}
