/**
 * One agent stream on this replica: authenticates the Hello, claims presence, then handles
 * heartbeats, snapshots, notifications and command results strictly in arrival order.
 */
import { create } from '@bufbuild/protobuf';
import { durationFromMs, timestampFromMs } from '@bufbuild/protobuf/wkt';
import type { Clock } from '@curfew/core';
import {
  type ConnectRequest,
  type ConnectResponse,
  ConnectResponseSchema,
  type Hello,
  RejectReason,
} from '@curfew/proto';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { HubMetrics } from '../metrics.js';
import type {
  ClusterRegistry,
  CommandRouting,
  HubBus,
  Presence,
  SnapshotStore,
  StoreHealth,
  SuspensionTracker,
  TokenCheck,
  TokenStore,
} from '../ports.js';
import { streamIdFor } from '../stream-id.js';
import { toCommandMessage } from './command-message.js';
import type { NotificationIntake } from './notification-intake.js';
import type { LocalStream, StreamRegistry } from './stream-registry.js';

export interface StreamHandlerDeps {
  tokens: TokenStore;
  presence: Presence;
  clusters: ClusterRegistry;
  streams: StreamRegistry;
  router: CommandRouting;
  snapshots: SnapshotStore;
  suspensions: SuspensionTracker;
  notifications: NotificationIntake;
  bus: HubBus;
  health: StoreHealth;
  metrics: HubMetrics;
  logger: Logger;
  clock: Clock;
  newId: () => string;
  hubInstance: string;
  heartbeatIntervalMs: number;
  presenceTtlMs: number;
  helloTimeoutMs: number;
}

export type Call = grpc.ServerDuplexStream<ConnectRequest, ConnectResponse>;

const REJECTION: Record<Exclude<TokenCheck, 'ok'>, [RejectReason, string]> = {
  'unknown-cluster': [RejectReason.UNAUTHENTICATED, 'unknown cluster id or wrong token'],
  'bad-token': [RejectReason.UNAUTHENTICATED, 'unknown cluster id or wrong token'],
  revoked: [RejectReason.REVOKED, 'this cluster was revoked; register it again to reconnect'],
};

function bearer(call: Call): string | null {
  const value = call.metadata.get('authorization')[0];
  const match = typeof value === 'string' ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1] ?? null;
}

/** One call of AgentLinkService.Connect, from Hello to close. */
export class AgentConnection {
  #closed = false;
  #counted = false;
  #stream: LocalStream | undefined;
  #token: string | null;
  #queue: Promise<void> = Promise.resolve();
  #helloTimer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: StreamHandlerDeps,
    private readonly call: Call,
    private readonly reassert: (stream: LocalStream) => Promise<void>,
  ) {
    this.#token = bearer(call);
  }

  open(): void {
    const { call } = this;
    this.#helloTimer = setTimeout(
      () => this.#reject(RejectReason.PROTOCOL, 'send Hello first'),
      this.deps.helloTimeoutMs,
    );
    // Messages are handled strictly in order: a heartbeat must not overtake the Hello.
    call.on('data', (message: ConnectRequest) => {
      this.#queue = this.#queue
        .then(() => this.#handle(message))
        .catch((error: unknown) => {
          this.deps.logger.warn(
            { err: error, streamId: this.#stream?.streamId },
            'stream message failed',
          );
        });
    });
    // The agent half-closed: finish our side too, unless we already ended the call.
    call.on('end', () => {
      const wasOpen = !this.#closed;
      this.#close();
      if (wasOpen) call.end();
    });
    call.on('error', () => this.#close());
    call.on('cancelled', () => this.#close());
  }

  async #handle(message: ConnectRequest): Promise<void> {
    if (this.#closed) return;
    this.#touch();
    const { deps } = this;
    const stream = this.#stream;
    const kind = message.message.case;
    if (!stream) {
      if (kind !== 'hello') return this.#reject(RejectReason.PROTOCOL, 'send Hello first');
      return this.#hello(message.message.value);
    }
    switch (kind) {
      case 'heartbeat':
        return this.#heartbeat(stream);
      case 'snapshot': {
        const snapshot = message.message.value;
        const result = await deps.snapshots.apply(
          stream.clusterId,
          stream.streamId,
          snapshot,
          deps.clock.now(),
        );
        deps.metrics.snapshots.inc({ result });
        if (result === 'applied') {
          // Savings bookkeeping must never cost the agent its snapshot or its stream.
          await deps.suspensions
            .observe(stream.clusterId, snapshot, deps.clock.now())
            .catch((error: unknown) =>
              deps.logger.warn({ err: error, clusterId: stream.clusterId }, 'savings not tracked'),
            );
        }
        if (result === 'stale') {
          deps.logger.info(
            { clusterId: stream.clusterId, sequence: String(snapshot.sequence) },
            'stale snapshot dropped',
          );
        }
        return;
      }
      case 'notification': {
        const notification = message.message.value;
        const result = await deps.notifications.accept(stream.clusterId, notification);
        if (result !== 'failed') {
          stream.send(
            create(ConnectResponseSchema, {
              message: { case: 'notificationAck', value: { notificationIds: [notification.id] } },
            }),
          );
        }
        return;
      }
      case 'commandResult':
        return deps.router.complete(stream.clusterId, message.message.value);
      case 'hello':
        return this.#reject(RejectReason.PROTOCOL, 'Hello was already sent on this stream');
      default:
        return;
    }
  }

  async #hello(hello: Hello): Promise<void> {
    const { deps } = this;
    clearTimeout(this.#helloTimer);
    if (!hello.clusterId) return this.#reject(RejectReason.PROTOCOL, 'Hello needs a cluster_id');
    if (!this.#token) {
      return this.#reject(RejectReason.UNAUTHENTICATED, 'send "authorization: Bearer <token>"');
    }
    if (!deps.health.up) return this.#unavailable();
    let check: TokenCheck;
    try {
      check = await deps.tokens.check(hello.clusterId, this.#token);
    } catch {
      return this.#unavailable();
    }
    if (check !== 'ok') return this.#reject(...REJECTION[check]);

    const stream = this.#localStream(hello.clusterId);
    this.#stream = stream;
    deps.streams
      .add(stream)
      ?.reject(RejectReason.REPLACED, 'a newer stream for this cluster took over');
    try {
      const previous = await deps.presence.claim(
        stream.clusterId,
        stream.streamId,
        deps.presenceTtlMs,
      );
      if (previous) {
        await deps.bus.toAll({
          type: 'kick',
          clusterId: stream.clusterId,
          reason: 'replaced',
          keepStreamId: stream.streamId,
        });
      }
      await deps.clusters.noteConnected(stream.clusterId, hello, deps.clock.now());
    } catch {
      return this.#unavailable();
    }
    if (this.#closed) {
      // The agent went away while we claimed: do not leave presence pointing at nothing.
      await deps.presence.release(stream.clusterId, stream.streamId).catch(() => {});
      return;
    }
    this.#counted = true;
    deps.metrics.connectedAgents.inc();
    deps.logger.info(
      { clusterId: stream.clusterId, streamId: stream.streamId, agentVersion: hello.agentVersion },
      'agent connected',
    );
    stream.send(
      create(ConnectResponseSchema, {
        message: {
          case: 'welcome',
          value: {
            hubInstance: deps.hubInstance,
            heartbeatInterval: durationFromMs(deps.heartbeatIntervalMs),
            serverTime: timestampFromMs(deps.clock.now()),
          },
        },
      }),
    );
    await deps.router.deliverPending(stream.clusterId);
  }

  async #heartbeat(stream: LocalStream): Promise<void> {
    const { deps } = this;
    if (!deps.health.up || !this.#token) return;
    let check: TokenCheck;
    try {
      check = await deps.tokens.check(stream.clusterId, this.#token);
    } catch {
      return;
    }
    if (check !== 'ok') return this.#reject(...REJECTION[check]);
    await this.reassert(stream);
    if (this.#closed) return;
    await deps.clusters.noteSeen(stream.clusterId, deps.clock.now()).catch(() => {});
    await deps.router.deliverPending(stream.clusterId);
  }

  #localStream(clusterId: string): LocalStream {
    const streamId = streamIdFor(this.deps.hubInstance, this.deps.newId());
    return {
      streamId,
      clusterId,
      sentCommands: new Set(),
      send: (message) => {
        if (!this.#closed) this.call.write(message);
      },
      // Routing hands over the stored command; the wire frame is this side's business.
      sendCommand: (command) => {
        if (!this.#closed) {
          this.call.write(
            create(ConnectResponseSchema, {
              message: { case: 'command', value: toCommandMessage(command) },
            }),
          );
        }
      },
      reject: (reason, text) => this.#reject(reason, text),
      drain: (text) =>
        this.#end(
          create(ConnectResponseSchema, { message: { case: 'drain', value: { message: text } } }),
        ),
    };
  }

  /** An agent that stops talking is gone even if TCP has not noticed yet. */
  #touch(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(
      () => this.#reject(RejectReason.PROTOCOL, 'no heartbeat received in time'),
      this.deps.presenceTtlMs,
    );
  }

  #reject(reason: RejectReason, message: string): void {
    this.deps.metrics.streamRejects.inc({ reason: RejectReason[reason] ?? String(reason) });
    this.deps.logger.info(
      { streamId: this.#stream?.streamId, reason: RejectReason[reason], message },
      'stream rejected',
    );
    this.#end(
      create(ConnectResponseSchema, { message: { case: 'reject', value: { reason, message } } }),
    );
  }

  #end(last: ConnectResponse): void {
    if (this.#closed) return;
    try {
      this.call.write(last);
      this.call.end();
    } catch {
      // The call is already gone; cleanup below is what matters.
    }
    this.#close();
  }

  /** No Redis: the agent should retry (with backoff) rather than treat it as a rejection. */
  #unavailable(): void {
    if (this.#closed) return;
    this.#closed = true;
    // grpc-js turns an 'error' event on a server stream into the call's final status.
    this.call.emit(
      'error',
      Object.assign(new Error('hub cannot reach Redis; retry later'), {
        code: grpc.status.UNAVAILABLE,
        details: 'hub cannot reach Redis; retry later',
      }),
    );
    this.#close();
  }

  #close(): void {
    clearTimeout(this.#helloTimer);
    clearTimeout(this.#idleTimer);
    this.#closed = true;
    const stream = this.#stream;
    if (!stream) return;
    this.#stream = undefined;
    const { deps } = this;
    deps.streams.remove(stream);
    if (this.#counted) {
      this.#counted = false;
      deps.metrics.connectedAgents.dec();
    }
    deps.logger.info(
      { clusterId: stream.clusterId, streamId: stream.streamId },
      'agent disconnected',
    );
    void deps.presence.release(stream.clusterId, stream.streamId).catch(() => {});
    void deps.clusters.noteSeen(stream.clusterId, deps.clock.now()).catch(() => {});
  }
}
