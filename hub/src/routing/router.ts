/**
 * Routes commands to whichever replica holds the cluster's stream and outcomes back to
 * whichever replica asked. Implements the CommandDispatcher port.
 *
 * Redis is the source of truth: dispatch writes the command before anything else, pub/sub
 * only says "look now". Every replica sweeps for expired commands; the Lua state change
 * lets exactly one of them announce each expiry.
 */
import { create } from '@bufbuild/protobuf';
import type { Clock } from '@curfew/core';
import { Action, type CommandResult, CommandStatus, ConnectResponseSchema } from '@curfew/proto';
import type { Logger } from 'pino';
import type { Presence } from '../agents/presence.js';
import { hubOfStream } from '../agents/presence.js';
import type { StreamRegistry } from '../agents/stream-registry.js';
import type { HubMetrics } from '../metrics.js';
import type { AuditLog, CommandDispatcher, DispatchOutcome, DispatchRequest } from '../ports.js';
import type { Bus } from '../redis/bus.js';
import { type RedisHealth, RedisUnavailableError } from '../redis/connection.js';
import { toCommandMessage } from './command-message.js';
import { type CommandStore, decodeCommand, type StoredCommand } from './command-store.js';
import { isFinal, outcomeOf } from './outcome.js';

/** Whether a cluster can take commands; `null` when nobody registered it. */
export interface ClusterLookup {
  record(clusterId: string): Promise<{ revoked: boolean } | null>;
}

export interface RouterDeps {
  store: CommandStore;
  clusters: ClusterLookup;
  presence: Presence;
  bus: Bus;
  health: RedisHealth;
  streams: StreamRegistry;
  audit: AuditLog;
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

export class Router implements CommandDispatcher {
  readonly #listeners = new Map<string, Set<Listener>>();
  #sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: RouterDeps) {}

  start(): void {
    const { bus, health } = this.deps;
    bus.on('deliver', ({ clusterId }) => void this.deliverPending(clusterId));
    bus.on('outcome', ({ commandId, command }) => void this.#announce(commandId, command));
    health.on('up', () => void this.#recover());
    this.#sweepTimer = setInterval(() => void this.sweep(), this.deps.sweepIntervalMs ?? 1_000);
    this.#sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.#sweepTimer);
  }

  async dispatch(request: DispatchRequest, waitMs: number): Promise<DispatchOutcome> {
    const { store, health, clock, newId, hubInstance, defaultTtlMs, logger, metrics } = this.deps;
    if (!health.up) return { state: 'unavailable', message: new RedisUnavailableError().message };
    let commandId: string;
    let holder: Promise<string | null>;
    try {
      // A command for a cluster that can never connect would otherwise sit out its whole
      // TTL (10 minutes) before the requester hears anything.
      const refusal = clusterRefusal(
        request.clusterId,
        await this.deps.clusters.record(request.clusterId),
      );
      if (refusal) return { state: 'unavailable', reason: 'cluster', ...refusal };
      const stored = store.enqueue({
        id: newId(),
        request,
        now: clock.now(),
        ttlMs: request.ttlMs ?? defaultTtlMs,
        requester: hubInstance,
      });
      // Asked on the same connection right behind the enqueue, so Redis answers both in one
      // round trip and the holder it names is the one after the command was stored (a stream
      // that claims the cluster later delivers it on connect).
      holder = this.deps.presence.holder(request.clusterId);
      holder.catch(() => {});
      const { commandId: id, created } = await stored;
      commandId = id;
      if (created) metrics.commands.inc({ outcome: 'dispatched' });
    } catch (error) {
      logger.warn({ err: error, clusterId: request.clusterId }, 'could not store command');
      return { state: 'unavailable', message: new RedisUnavailableError().message };
    }
    logger.info(
      { commandId, clusterId: request.clusterId, requestId: request.requestId },
      'command stored',
    );
    const finished = this.#waitFor(commandId, waitMs);
    // The command is durable now; failing to nudge the holder only delays it until the
    // holder's next heartbeat sweep.
    await holder.then((streamId) => this.#nudge(request.clusterId, streamId)).catch(() => {});
    return finished;
  }

  async outcome(commandId: string): Promise<DispatchOutcome | null> {
    const command = await this.deps.store.get(commandId);
    return command ? outcomeOf(command) : null;
  }

  onOutcome(commandId: string, listener: Listener): () => void {
    let set = this.#listeners.get(commandId);
    if (!set) {
      set = new Set();
      this.#listeners.set(commandId, set);
    }
    set.add(listener);
    // It may have finished before anyone listened.
    void this.#announce(commandId);
    return () => {
      const current = this.#listeners.get(commandId);
      current?.delete(listener);
      if (current?.size === 0) this.#listeners.delete(commandId);
    };
  }

  /** Sends this replica's stream for the cluster every pending command it has not seen. */
  async deliverPending(clusterId: string): Promise<void> {
    const { streams, store, clock, logger } = this.deps;
    const stream = streams.get(clusterId);
    if (!stream) return;
    let pending: StoredCommand[];
    try {
      pending = await store.pending(clusterId);
    } catch {
      return; // Redis is down; recovery re-runs delivery.
    }
    for (const command of pending) {
      if (stream.sentCommands.has(command.id) || command.deadline <= clock.now()) continue;
      if (!streams.isCurrent(stream)) return;
      stream.sentCommands.add(command.id);
      stream.send(
        create(ConnectResponseSchema, {
          message: { case: 'command', value: toCommandMessage(command) },
        }),
      );
      logger.info({ commandId: command.id, clusterId, streamId: stream.streamId }, 'command sent');
      await store.markSent(command.id, clock.now()).catch(() => {});
    }
  }

  /** A result from the agent of `clusterId`. */
  async complete(clusterId: string, result: CommandResult): Promise<void> {
    const { store, bus, clock, logger } = this.deps;
    const accepted = result.status === CommandStatus.ACCEPTED;
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
    const command = decodeCommand(hash);
    if (command) await this.#audit(command);
    await bus.toAll(outcome).catch(() => {});
  }

  /** Expires overdue commands; safe on every replica at once. */
  async sweep(): Promise<void> {
    const { store, bus, health, clock, resultGraceMs } = this.deps;
    if (!health.up) return;
    try {
      const expired = await store.expireDue(clock.now(), resultGraceMs);
      for (const commandId of expired) {
        const command = await store.get(commandId);
        if (command) await this.#audit(command);
        await bus.toAll({ type: 'outcome', commandId });
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'expiry sweep failed');
    }
  }

  /** The final outcome within `waitMs`, else `pending` with the agent's latest progress. */
  #waitFor(commandId: string, waitMs: number): Promise<DispatchOutcome> {
    return new Promise((resolve) => {
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
      const unsubscribe = this.onOutcome(commandId, finish);
    });
  }

  /** Tells the replica holding the cluster's stream (`holder`, a stream id) to deliver. */
  async #nudge(clusterId: string, holder: string | null): Promise<void> {
    if (!holder) return;
    const hub = hubOfStream(holder);
    if (hub === this.deps.hubInstance) await this.deliverPending(clusterId);
    else await this.deps.bus.toHub(hub, { type: 'deliver', clusterId });
  }

  /** Tells this replica's listeners of the command; `hash` is the command if the message carried it. */
  async #announce(commandId: string, hash?: Record<string, string>): Promise<void> {
    const listeners = this.#listeners.get(commandId);
    if (!listeners || listeners.size === 0) return;
    const carried = hash ? decodeCommand(hash) : null;
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
    const outcome = outcomeOf(command);
    const status = command.result?.status;
    const label =
      outcome.state === 'expired'
        ? 'expired'
        : status === CommandStatus.SUCCEEDED
          ? 'succeeded'
          : 'failed';
    this.deps.metrics.commands.inc({
      outcome: status === CommandStatus.REJECTED ? 'rejected' : label,
    });
    const detail =
      outcome.state === 'expired' ? outcome.message : (command.result?.message ?? undefined);
    await this.deps.audit
      .record({
        at: this.deps.clock.now(),
        actor: command.request.requestedBy,
        action: (Action[command.request.action] ?? 'UNKNOWN').toLowerCase(),
        clusterId: command.clusterId,
        ...(command.request.namespace ? { namespace: command.request.namespace } : {}),
        outcome: label,
        ...(detail ? { detail } : {}),
        commandId: command.id,
      })
      .catch(() => {});
  }
}

/** Why a cluster cannot take commands (the admin API answers 404 or 409), or null. */
function clusterRefusal(
  clusterId: string,
  record: { revoked: boolean } | null,
): { cluster: 'unknown' | 'revoked'; message: string } | null {
  if (!record) {
    return {
      cluster: 'unknown',
      message: `no cluster "${clusterId}" is registered with the hub; check the name (list them with GET /api/v1/clusters)`,
    };
  }
  if (record.revoked) {
    return {
      cluster: 'revoked',
      message: `cluster "${clusterId}" was revoked; register it again before sending it commands`,
    };
  }
  return null;
}
