import { fromJson, type JsonValue, toJson } from '@bufbuild/protobuf';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { ANNOTATIONS, type AnnotationPatch } from '@curfew/core';
import { type Notification, NotificationSchema } from '@curfew/proto';
import { isNotFound } from '../kube/errors.js';
import type { ActionContext } from './context.js';
import type { KeyedMutex } from './keyed-mutex.js';
import { writeNamespace } from './namespace-write.js';

/** A notification an action owes the owner, persisted on the namespace it is about. */
export interface OutboxEntry {
  notification: Notification;
  /**
   * Resumes: the notification goes out once every workload is ready, or at this instant (epoch
   * ms) with the ones that are not. Until then the entry says a readiness report is owed.
   */
  readyBy?: number;
}

interface StoredEntry {
  notification: JsonValue;
  readyBy?: number;
}

type Annotations = Readonly<Record<string, string>>;

/**
 * The agent's notification outbox lives on the cluster, not in memory: an action writes what it
 * owes the owner into `curfew.dev/outbox` in the SAME PATCH as the transition it reports (the
 * final `suspended` mark, a reminder's record), then hands it to the hub link. Once the hub
 * acknowledges it, the entry is removed. An agent killed at any point in between leaves the entry
 * behind; the next leader finds it when it reconciles the namespace and sends it again with the
 * same id, which the hub de-duplicates (per cluster and id). So a notification is neither lost to
 * a crash nor delivered twice, and nothing is ever sent for a transition that did not happen.
 *
 * This costs one more namespace PATCH per notification (the removal); the alternative — send
 * first and make the final mark wait for the hub's acknowledgement — would hold namespaces half
 * suspended for as long as the hub is away, and schedules must keep running then.
 */
export class Outbox {
  /** Entries this agent has handed to the link or is waiting on: id → namespace. */
  private readonly tracked = new Map<string, string>();
  private readonly settledIds = new Map<string, Set<string>>();
  private readonly flushing = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      ctx: ActionContext;
      locks: KeyedMutex;
      /** The hub link's queue: sends now or on reconnect, until acknowledged or stale. */
      send: (notification: Notification) => void;
    },
  ) {}

  /** The entries persisted on a namespace; a garbled annotation reads as none (and is replaced). */
  read(annotations: Annotations): OutboxEntry[] {
    const text = annotations[ANNOTATIONS.outbox];
    if (!text) return [];
    try {
      const stored = JSON.parse(text) as Record<string, StoredEntry>;
      return Object.values(stored).map((s) => ({
        notification: fromJson(NotificationSchema, s.notification),
        ...(typeof s.readyBy === 'number' ? { readyBy: s.readyBy } : {}),
      }));
    } catch (error) {
      this.deps.ctx.log.warn({ err: error }, `unreadable ${ANNOTATIONS.outbox}; ignoring it`);
      return [];
    }
  }

  /**
   * The annotation patch that adds `entries` to the ones there, dropping those gone stale. An
   * entry already owed under the same id stays as it is (same id, same message), so an action
   * decided again — retried after a failure, redone after a crash — writes nothing new.
   */
  adding(current: Annotations, entries: readonly OutboxEntry[], now: number): AnnotationPatch {
    const owed = this.read(current);
    const kept = owed.filter((e) => !isStale(e.notification, now));
    const added = entries.filter((n) => !kept.some((e) => e.notification.id === n.notification.id));
    if (added.length === 0 && kept.length === owed.length) return {};
    return { [ANNOTATIONS.outbox]: serialize([...kept, ...added]) };
  }

  /** The patch that removes these ids (null removes the annotation once empty). */
  removing(current: Annotations, ids: ReadonlySet<string>): AnnotationPatch {
    if (current[ANNOTATIONS.outbox] === undefined) return {};
    const kept = this.read(current).filter((e) => !ids.has(e.notification.id));
    return { [ANNOTATIONS.outbox]: kept.length === 0 ? null : serialize(kept) };
  }

  /** Whether this agent already sent (or is waiting to send) the entry with this id. */
  has(id: string): boolean {
    return this.tracked.has(id);
  }

  /** Marks an entry as handled by this agent (a readiness wait holds it until it is sent). */
  track(id: string, namespace: string): void {
    this.tracked.set(id, namespace);
  }

  untrack(id: string): void {
    this.tracked.delete(id);
  }

  /** Hands a persisted notification to the hub link; its entry goes once it is acknowledged. */
  deliver(namespace: string, notification: Notification): void {
    this.tracked.set(notification.id, namespace);
    this.deps.send(notification);
  }

  /**
   * The hub acknowledged these notifications, or the queue dropped them as stale: their entries
   * are removed, one guarded PATCH per namespace, under the namespace's lock. A removal that fails
   * only means the entry is sent once more later (the hub de-duplicates it).
   */
  settled(ids: readonly string[]): void {
    const touched = new Set<string>();
    for (const id of ids) {
      const namespace = this.tracked.get(id);
      if (namespace === undefined) continue;
      let pending = this.settledIds.get(namespace);
      if (!pending) {
        pending = new Set();
        this.settledIds.set(namespace, pending);
      }
      pending.add(id);
      touched.add(namespace);
    }
    for (const namespace of touched) {
      const run = this.deps.locks.run(namespace, () => this.flush(namespace));
      this.flushing.add(run);
      void run.finally(() => this.flushing.delete(run));
    }
  }

  /** Resolves once no removal is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.flushing.size > 0) await Promise.all([...this.flushing]);
  }

  private async flush(namespace: string): Promise<void> {
    const ids = this.settledIds.get(namespace);
    this.settledIds.delete(namespace);
    if (!ids || ids.size === 0) return;
    const { ctx } = this.deps;
    try {
      if (ctx.cache.namespace(namespace)) {
        await writeNamespace(ctx, namespace, (current) => this.removing(current, ids));
      }
    } catch (error) {
      if (!isNotFound(error)) {
        ctx.log.warn({ err: error, namespace }, 'could not clear delivered notifications');
      }
    } finally {
      for (const id of ids) this.tracked.delete(id);
    }
  }
}

export function isStale(notification: Notification, now: number): boolean {
  return notification.staleAfter !== undefined && timestampMs(notification.staleAfter) < now;
}

function serialize(entries: readonly OutboxEntry[]): string {
  const stored: Record<string, StoredEntry> = {};
  for (const e of entries) {
    stored[e.notification.id] = {
      notification: toJson(NotificationSchema, e.notification),
      ...(e.readyBy === undefined ? {} : { readyBy: e.readyBy }),
    };
  }
  return JSON.stringify(stored);
}
