/**
 * Routes commands to whichever replica holds the cluster's stream and outcomes back to
 * whichever replica asked. Implements the CommandDispatcher port.
 *
 * Redis is the source of truth: dispatch writes the command before anything else, pub/sub
 * only says "look now". Every replica sweeps for expired commands; the Lua state change
 * lets exactly one of them announce each expiry.
 */
import type { Clock } from '@curfew/core';
import { Action, type CommandResult, CommandStatus } from '@curfew/proto';
import type { Logger } from 'pino';
import type { HubMetrics } from '../metrics.js';
import type {
  AdminDispatcher,
  AuditEntry,
  AuditLog,
  CommandFinisher,
  CommandRecord,
  CommandStore,
  CommandStream,
  DispatchOutcome,
  DispatchRequest,
  EnqueueResult,
  HubBus,
  LocalStreams,
  Presence,
  StoredCommand,
  StoreHealth,
} from '../ports.js';
import { RedisUnavailableError } from '../redis/connection.js';
import { hubOfStream } from '../stream-id.js';
import { IdempotencyKeyReusedError } from './idempotency.js';
import { isFinal, outcomeOf } from './outcome.js';

export interface RouterDeps {
  store: CommandStore;
  presence: Presence;
  bus: HubBus;
  health: StoreHealth;
  streams: LocalStreams;
  audit: AuditLog;
  /** Stores, audits and announces a final result in one round trip (store/finish-script.ts). */
  finish: CommandFinisher;
  metrics: HubMetrics;
  logger: Logger;
  clock: Clock;
  newId: () => string;
  hubInstance: string;
  defaultTtlMs: number;
  resultGraceMs: number;
  sweepIntervalMs?: number;
}

type Listener = (outcome: DispatchOutcome) => void;

export class Router implements AdminDispatcher {
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #finished = new Set<(commandId: string) => void>();
  /**
   * Per local stream, the commands it was sent and has not finished, as sent: a final result
   * for one is stored, audited and announced in one script without reading the command back.
   * Kept with the stream (gone when it closes), so an agent that never answers costs nothing
   * past its stream's life.
   */
  readonly #unanswered = new WeakMap<CommandStream, Map<string, StoredCommand>>();
  #sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: RouterDeps) {}

  start(): void {
    const { bus, health, store } = this.deps;
    bus.on('deliver', ({ clusterId, command }) => {
      const only = command ? store.decode(command) : null;
      void this.#deliverNew(clusterId, only ?? undefined);
    });
    bus.on('outcome', ({ commandId, command }) => {
      void this.#announce(commandId, command);
      // The other listeners (Slack follow-ups: a Redis read each, on every replica) go after
      // the requests this replica answers from the message have been written out.
      if (this.#finished.size > 0) {
        setImmediate(() => {
          for (const listener of this.#finished) listener(commandId);
        });
      }
    });
    health.on('up', () => void this.#recover());
    this.#sweepTimer = setInterval(() => void this.sweep(), this.deps.sweepIntervalMs ?? 1_000);
    this.#sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.#sweepTimer);
  }

  /** Throws IdempotencyKeyReusedError when the key named a different request (nothing stored). */
  async dispatch(request: DispatchRequest, waitMs: number): Promise<DispatchOutcome> {
    const { store, health, clock, newId, hubInstance, defaultTtlMs, logger, metrics } = this.deps;
    if (!health.up) return { state: 'unavailable', message: new RedisUnavailableError().message };
    const id = newId();
    // Listening before the command exists: its outcome cannot slip by unheard, so there is
    // nothing to look up once it is stored.
    let waiting = this.#waitFor(id, waitMs, false);
    let stored: Exclude<EnqueueResult, { refused: string }>;
    let reused: IdempotencyKeyReusedError | undefined;
    try {
      const result = await store.enqueue({
        id,
        request,
        now: clock.now(),
        ttlMs: request.ttlMs ?? defaultTtlMs,
        requester: hubInstance,
        nudge: true,
      });
      if (result.refused) {
        // A command for a cluster that can never connect would otherwise sit out its whole
        // TTL (10 minutes) before the requester hears anything.
        waiting.cancel();
        return {
          state: 'unavailable',
          reason: 'cluster',
          cluster: result.refused,
          message: refusalMessage(request.clusterId, result.refused),
        };
      }
      stored = result;
      if (!stored.created && stored.reused) {
        reused = new IdempotencyKeyReusedError(
          stored.commandId,
          (await store.get(stored.commandId).catch(() => null))?.request,
        );
      }
      if (stored.created) metrics.commands.inc({ outcome: 'dispatched' });
    } catch (error) {
      waiting.cancel();
      logger.warn({ err: error, clusterId: request.clusterId }, 'could not store command');
      return { state: 'unavailable', message: new RedisUnavailableError().message };
    }
    if (reused) {
      waiting.cancel();
      throw reused;
    }
    const { commandId } = stored;
    logger.info(
      { commandId, clusterId: request.clusterId, requestId: request.requestId },
      'command stored',
    );
    // The command is durable now; failing to nudge the holder only delays it until the
    // holder's next heartbeat sweep.
    if (stored.created) {
      // The holder was read in the same script, after the write (a stream that claims the
      // cluster later delivers it on connect), and another replica holding it was nudged by
      // that script. The cluster's only queued command travels with the nudge, so its holder
      // sends it without reading the queue; with older ones waiting the holder reads them
      // all, oldest first.
      const { written } = stored;
      if (!written.published) {
        const only = written.queued === 1 ? written.command : undefined;
        await this.#nudge(request.clusterId, written.holder, only).catch(() => {});
      }
    } else {
      // An idempotent retry: the earlier command, which may have finished already.
      waiting.cancel();
      waiting = this.#waitFor(commandId, waitMs, true);
      await this.deps.presence
        .holder(request.clusterId)
        .then((holder) => this.#nudge(request.clusterId, holder, undefined))
        .catch(() => {});
    }
    return waiting.outcome;
  }

  /**
   * Throws IdempotencyKeyReusedError when a request's key names a different earlier one: for
   * a caller dispatching several commands at once (extend on every cluster) to refuse them all
   * before any is stored. Dispatch checks again, atomically, for each.
   */
  async refuseReusedKeys(requests: DispatchRequest[]): Promise<void> {
    for (const request of requests) {
      const earlier = await this.deps.store.reusedBy(request);
      if (earlier) throw new IdempotencyKeyReusedError(earlier.id, earlier.request);
    }
  }

  async outcome(commandId: string): Promise<DispatchOutcome | null> {
    const command = await this.deps.store.get(commandId);
    return command ? outcomeOf(command) : null;
  }

  onOutcome(commandId: string, listener: Listener): () => void {
    // It may have finished before anyone listened.
    return this.#listen(commandId, listener, true);
  }

  #listen(commandId: string, listener: Listener, check: boolean): () => void {
    let set = this.#listeners.get(commandId);
    if (!set) {
      set = new Set();
      this.#listeners.set(commandId, set);
    }
    set.add(listener);
    if (check) void this.#announce(commandId);
    return () => {
      const current = this.#listeners.get(commandId);
      current?.delete(listener);
      if (current?.size === 0) this.#listeners.delete(commandId);
    };
  }

  onFinished(listener: (commandId: string) => void): () => void {
    this.#finished.add(listener);
    return () => this.#finished.delete(listener);
  }

  /** Sends this replica's stream for the cluster every pending command it has not seen. */
  deliverPending(clusterId: string): Promise<void> {
    return this.#deliver(clusterId, 'all');
  }

  /**
   * Delivery on a nudge: `only` is the cluster's only queued command as just stored (sent
   * without a read); else the commands no stream was sent yet. One that another stream was
   * sent just before this one took over waits for this stream's next heartbeat sweep.
   */
  #deliverNew(clusterId: string, only: StoredCommand | undefined): Promise<void> {
    return this.#deliver(clusterId, only ?? 'queued');
  }

  async #deliver(clusterId: string, what: StoredCommand | 'all' | 'queued'): Promise<void> {
    const { streams, store, clock, logger } = this.deps;
    const stream = streams.get(clusterId);
    if (!stream) return;
    let pending: StoredCommand[];
    if (typeof what === 'object') pending = what.state === 'queued' ? [what] : [];
    else {
      try {
        pending = await store.pending(clusterId, what === 'queued');
      } catch {
        return; // Redis is down; recovery re-runs delivery.
      }
    }
    const sent: string[] = [];
    for (const command of pending) {
      if (stream.sentCommands.has(command.id) || command.deadline <= clock.now()) continue;
      if (!streams.isCurrent(stream)) break;
      stream.sentCommands.add(command.id);
      this.#unansweredOn(stream).set(command.id, command);
      stream.sendCommand(command);
      sent.push(command.id);
      logger.info({ commandId: command.id, clusterId, streamId: stream.streamId }, 'command sent');
    }
    if (sent.length === 0) return;
    // Node's HTTP/2 writes the frames to the socket in the event loop's check phase; a Redis
    // write now would go out first and the agent would wait for it. Record 'sent' after.
    await new Promise((resolve) => setImmediate(resolve));
    const now = clock.now();
    await Promise.all(sent.map((commandId) => store.markSent(commandId, now).catch(() => {})));
  }

  #unansweredOn(stream: CommandStream): Map<string, StoredCommand> {
    let unanswered = this.#unanswered.get(stream);
    if (!unanswered) {
      unanswered = new Map();
      this.#unanswered.set(stream, unanswered);
    }
    return unanswered;
  }

  /** A result from the agent of `clusterId`. */
  async complete(clusterId: string, result: CommandResult): Promise<void> {
    const { store, bus, clock, logger } = this.deps;
    const accepted = result.status === CommandStatus.ACCEPTED;
    const stream = accepted ? undefined : this.deps.streams.get(clusterId);
    const sent = stream && this.#unanswered.get(stream)?.get(result.commandId);
    if (stream) this.#forget(stream, result.commandId);
    if (sent) return this.#finish(clusterId, sent, result);
    const { answer, hash } = await store.complete(clusterId, result, accepted, clock.now());
    if (answer === 'foreign') {
      logger.warn({ clusterId, commandId: result.commandId }, 'result for another cluster ignored');
      return;
    }
    // The message carries the command as just written, so the replica that asked answers
    // without reading it back from Redis.
    const outcome = { type: 'outcome' as const, commandId: result.commandId, command: hash };
    if (answer === 'accepted') {
      // Begun, not finished: whoever waits shows the agent's progress ("deleting: …").
      await bus.toAll(outcome).catch(() => {});
      return;
    }
    if (answer !== 'stored') return;
    // Audit before announcing, so whoever hears the outcome also finds it in the audit log.
    const command = store.decode(hash);
    if (command) await this.#audit(command);
    await bus.toAll(outcome).catch(() => {});
  }

  /**
   * A finished or expired command is never sent again (it left its cluster's queue), so the
   * stream stops remembering it: a stream lives for days, and its sets would otherwise grow with
   * every command its cluster was ever sent. A sweep that read the queue just before may send
   * it once more; the agent answers a repeated id with its first result.
   */
  #forget(stream: CommandStream, commandId: string): void {
    stream.sentCommands.delete(commandId);
    this.#unanswered.get(stream)?.delete(commandId);
  }

  /** How many commands this replica's stream for the cluster remembers as sent (tests, metrics). */
  remembered(clusterId: string): number {
    const stream = this.deps.streams.get(clusterId);
    return stream ? stream.sentCommands.size + (this.#unanswered.get(stream)?.size ?? 0) : 0;
  }

  /** A final result for a command this replica's stream was sent: one script (store/finish-script.ts). */
  async #finish(clusterId: string, sent: StoredCommand, result: CommandResult): Promise<void> {
    const { clock, logger, metrics } = this.deps;
    const finished = { ...sent, state: 'done' as const, result, finishedAt: clock.now() };
    const { entry, label } = this.#auditEntry(finished);
    const answer = await this.deps.finish.finish({ clusterId, finished, entry });
    if (answer === 'stored') metrics.commands.inc({ outcome: label });
    else if (answer === 'foreign') {
      logger.warn({ clusterId, commandId: result.commandId }, 'result for another cluster ignored');
    }
  }

  /** Expires overdue commands; safe on every replica at once. */
  async sweep(): Promise<void> {
    const { store, bus, health, clock, resultGraceMs } = this.deps;
    if (!health.up) return;
    try {
      const expired = await store.expireDue(clock.now(), resultGraceMs);
      for (const commandId of expired) {
        const command = await store.get(commandId);
        if (command) {
          const stream = this.deps.streams.get(command.clusterId);
          if (stream) this.#forget(stream, commandId);
          await this.#audit(command);
        }
        await bus.toAll({ type: 'outcome', commandId });
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'expiry sweep failed');
    }
  }

  /**
   * The final outcome within `waitMs`, else `pending` with the agent's latest progress;
   * `check` looks the command up at once (it may have finished before this listened).
   */
  #waitFor(
    commandId: string,
    waitMs: number,
    check: boolean,
  ): { outcome: Promise<DispatchOutcome>; cancel: () => void } {
    let cancel = () => {};
    const outcome = new Promise<DispatchOutcome>((resolve) => {
      let settled = false;
      let latest: DispatchOutcome = { state: 'pending', commandId };
      const finish = (outcome: DispatchOutcome) => {
        if (settled) return;
        if (!isFinal(outcome)) {
          latest = outcome;
          return;
        }
        settled = true;
        clearTimeout(timer);
        unsubscribe();
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        settled = true;
        unsubscribe();
        resolve(latest);
      }, waitMs);
      const unsubscribe = this.#listen(commandId, finish, check);
      cancel = () => {
        settled = true;
        clearTimeout(timer);
        unsubscribe();
      };
    });
    return { outcome, cancel };
  }

  /**
   * Tells the replica holding the cluster's stream (`holder`, a stream id) to deliver; `only`
   * is the cluster's only queued command, which then travels with the message.
   */
  async #nudge(
    clusterId: string,
    holder: string | null,
    only: CommandRecord | undefined,
  ): Promise<void> {
    if (!holder) return;
    const hub = hubOfStream(holder);
    if (hub === this.deps.hubInstance) {
      await this.#deliverNew(clusterId, (only && this.deps.store.decode(only)) || undefined);
    } else {
      await this.deps.bus.toHub(hub, {
        type: 'deliver',
        clusterId,
        ...(only ? { command: only } : {}),
      });
    }
  }

  /** Tells this replica's listeners of the command; `hash` is the command if the message carried it. */
  async #announce(commandId: string, hash?: CommandRecord): Promise<void> {
    const listeners = this.#listeners.get(commandId);
    if (!listeners || listeners.size === 0) return;
    const carried = hash ? this.deps.store.decode(hash) : null;
    let outcome: DispatchOutcome | null;
    try {
      outcome = carried ? outcomeOf(carried) : await this.outcome(commandId);
    } catch {
      return; // Redis is down; #recover re-checks every watched command.
    }
    if (!outcome) return;
    const current = this.#listeners.get(commandId);
    if (!current) return;
    if (!isFinal(outcome)) {
      // Progress: every listener hears it and stays for the end.
      if (outcome.state === 'pending' && outcome.progress) {
        for (const listener of [...current]) listener(outcome);
      }
      return;
    }
    this.#listeners.delete(commandId);
    for (const listener of current) listener(outcome);
  }

  /** After a Redis outage: pub/sub messages may have been lost, so re-derive everything. */
  async #recover(): Promise<void> {
    for (const stream of this.deps.streams.all()) {
      stream.sentCommands.clear();
      await this.deliverPending(stream.clusterId);
    }
    for (const commandId of [...this.#listeners.keys()]) await this.#announce(commandId);
  }

  async #audit(command: StoredCommand): Promise<void> {
    const { entry, label } = this.#auditEntry(command);
    this.deps.metrics.commands.inc({ outcome: label });
    await this.deps.audit.record(entry).catch(() => {});
  }

  /** A finished command's audit entry and its label in the commands metric. */
  #auditEntry(command: StoredCommand): {
    entry: AuditEntry;
    label: 'expired' | 'succeeded' | 'failed' | 'rejected';
  } {
    const outcome = outcomeOf(command);
    const status = command.result?.status;
    const label =
      outcome.state === 'expired'
        ? 'expired'
        : status === CommandStatus.SUCCEEDED
          ? 'succeeded'
          : 'failed';
    const said =
      outcome.state === 'expired' ? outcome.message : (command.result?.message ?? undefined);
    // The channel's own name and what was asked come first ("slack:extend", "/tribe +1h: …").
    const asked = command.request.audit;
    const detail = [asked?.detail, said].filter((part) => part).join(': ');
    return {
      entry: {
        at: this.deps.clock.now(),
        actor: command.request.requestedBy,
        action: asked?.action ?? (Action[command.request.action] ?? 'UNKNOWN').toLowerCase(),
        clusterId: command.clusterId,
        ...(command.request.namespace ? { namespace: command.request.namespace } : {}),
        outcome: label,
        ...(detail ? { detail } : {}),
        commandId: command.id,
      },
      label: status === CommandStatus.REJECTED ? 'rejected' : label,
    };
  }
}

/** What the requester is told when a cluster cannot take commands. */
function refusalMessage(clusterId: string, refused: 'unknown' | 'revoked'): string {
  return refused === 'unknown'
    ? `no cluster "${clusterId}" is registered with the hub; check the name (list them with GET /api/v1/clusters)`
    : `cluster "${clusterId}" was revoked; register it again before sending it commands`;
}
