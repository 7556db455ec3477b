import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import type { Clock } from '@curfew/core';
import {
  AgentLinkService,
  type Command,
  type CommandResult,
  type ConnectRequest,
  ConnectRequestSchema,
  type ConnectResponse,
  createGrpcClient,
  type GrpcClient,
  type NamespaceSummary,
  type Notification,
  RejectReason,
} from '@curfew/proto';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { AgentMetrics } from '../observe/metrics.js';
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from './backoff.js';
import type { NotificationQueue } from './notification-queue.js';

export interface LinkHandlers {
  /** Every namespace, for the full snapshot that opens each connection. */
  fullSnapshot(): NamespaceSummary[];
  /** What changed since the last call: upserts and removed names. */
  takeChanges(): { upserts: NamespaceSummary[]; removed: string[] };
  /** A command from the hub; `reply` may be called more than once (ACCEPTED, then final). */
  onCommand(command: Command, reply: (result: CommandResult) => void): void;
}

export interface HubLinkOptions {
  address: string;
  credentials: grpc.ChannelCredentials;
  token: string;
  hello: { clusterId: string; agentVersion: string; capabilities: string[]; instanceId: string };
  clock: Clock;
  random: () => number;
  log: Logger;
  metrics: AgentMetrics;
  queue: NotificationQueue;
  handlers: LinkHandlers;
  backoff?: Partial<Omit<BackoffOptions, 'random'>>;
  /** Used until the hub's Welcome says otherwise. */
  heartbeatMs?: number;
  /** Coalesces bursts of cache changes into one incremental snapshot. */
  snapshotDelayMs?: number;
}

type Stream = grpc.ClientDuplexStream<ConnectRequest, ConnectResponse>;
type Outgoing = MessageInitShape<typeof ConnectRequestSchema>['message'];

/**
 * The agent's one stream to the hub. Local work never waits on it: while it is down,
 * notifications queue and command results wait; each (re)connection starts with Hello, then
 * on Welcome a full snapshot and everything unacknowledged.
 */
export class HubLink {
  private client: GrpcClient<typeof AgentLinkService> | undefined;
  private stream: Stream | undefined;
  private welcomed = false;
  private stopped = true;
  private readonly backoff: Backoff;
  private cancelTimer: (() => void) | undefined;
  private cancelHeartbeat: (() => void) | undefined;
  private heartbeatMs: number;
  private sequence = 0n;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private drained = false;
  private readonly unsentResults: CommandResult[] = [];
  /** Resolves each time the link is welcomed; for tests and readiness. */
  private waiters: (() => void)[] = [];

  constructor(private readonly options: HubLinkOptions) {
    this.backoff = new Backoff({ ...DEFAULT_BACKOFF, ...options.backoff, random: options.random });
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
  }

  get connected(): boolean {
    return this.welcomed;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.client = createGrpcClient(
      AgentLinkService,
      this.options.address,
      this.options.credentials,
    );
    this.dial();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelHeartbeat?.();
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    const stream = this.stream;
    this.stream = undefined;
    this.setWelcomed(false);
    stream?.end();
    stream?.cancel();
    this.client?.close();
    this.client = undefined;
  }

  whenConnected(): Promise<void> {
    if (this.welcomed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  notify(notification: Notification): void {
    this.options.queue.push(notification);
    this.options.metrics.notifications.inc({ kind: String(notification.kind), fate: 'queued' });
    if (!this.welcomed) return;
    // The hub refuses a notification about a namespace no snapshot reported: send the
    // changes still waiting for the coalescing timer first (a namespace just created).
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    this.sendIncremental();
    this.send({ case: 'notification', value: notification });
  }

  reply(result: CommandResult): void {
    if (this.welcomed && this.send({ case: 'commandResult', value: result })) return;
    // The hub keeps routing state for the command; it gets the result on reconnect.
    this.unsentResults.push(result);
  }

  /** A namespace changed: send an incremental snapshot soon (coalescing bursts). */
  changed(): void {
    if (!this.welcomed || this.snapshotTimer) return;
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      this.sendIncremental();
    }, this.options.snapshotDelayMs ?? 250);
    this.snapshotTimer.unref();
  }

  private dial(): void {
    if (this.stopped || !this.client) return;
    const { log, hello, token } = this.options;
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    const stream = this.client.connect(metadata);
    this.stream = stream;
    let closed = false;
    const close = (reason: unknown) => {
      if (closed) return;
      closed = true;
      if (this.stream === stream) this.onClosed(reason);
    };
    stream.on('data', (message: ConnectResponse) => this.onMessage(stream, message));
    stream.on('error', (error: Error) => close(error));
    stream.on('end', () => close('stream ended by hub'));
    stream.on('close', () => close('stream closed'));
    log.debug({ address: this.options.address }, 'dialing hub');
    this.write(stream, { case: 'hello', value: hello });
  }

  private onMessage(stream: Stream, response: ConnectResponse): void {
    if (stream !== this.stream) return;
    const { log, queue, clock } = this.options;
    const message = response.message;
    switch (message.case) {
      case 'welcome': {
        const interval = message.value.heartbeatInterval;
        if (interval) {
          const ms = Number(interval.seconds) * 1000 + Math.floor(interval.nanos / 1e6);
          if (ms > 0) this.heartbeatMs = ms;
        }
        this.backoff.connected(clock.now());
        this.setWelcomed(true);
        log.info({ hub: message.value.hubInstance }, 'connected to hub');
        this.sendFull();
        for (const notification of queue.deliverable(clock.now())) {
          this.send({ case: 'notification', value: notification });
        }
        for (const result of this.unsentResults.splice(0))
          this.send({ case: 'commandResult', value: result });
        this.armHeartbeat();
        break;
      }
      case 'reject': {
        const reason = RejectReason[message.value.reason] ?? String(message.value.reason);
        log.error({ reason, message: message.value.message }, 'hub rejected the agent');
        stream.cancel();
        break;
      }
      case 'command':
        this.options.handlers.onCommand(message.value, (result) => this.reply(result));
        break;
      case 'notificationAck':
        queue.ack(message.value.notificationIds);
        for (const _ of message.value.notificationIds) {
          this.options.metrics.notifications.inc({ kind: 'any', fate: 'acked' });
        }
        break;
      case 'drain':
        log.info({ message: message.value.message }, 'hub replica draining; reconnecting');
        this.drained = true;
        this.backoff.reset();
        stream.end();
        stream.cancel();
        break;
      default:
        break;
    }
  }

  private onClosed(reason: unknown): void {
    const { clock, log } = this.options;
    this.stream = undefined;
    this.setWelcomed(false);
    this.cancelHeartbeat?.();
    this.backoff.disconnected(clock.now());
    if (this.stopped) return;
    const delay = this.drained ? 0 : this.backoff.next();
    this.drained = false;
    log.warn({ reason: String(reason), delayMs: delay }, 'hub stream closed; reconnecting');
    this.cancelTimer = clock.at(clock.now() + delay, () => this.dial());
  }

  private armHeartbeat(): void {
    const { clock } = this.options;
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = clock.at(clock.now() + this.heartbeatMs, () => {
      if (!this.welcomed) return;
      this.send({ case: 'heartbeat', value: { sentAt: timestampFromMs(clock.now()) } });
      this.armHeartbeat();
    });
  }

  private sendFull(): void {
    this.options.handlers.takeChanges();
    this.sequence += 1n;
    this.send({
      case: 'snapshot',
      value: {
        full: true,
        namespaces: this.options.handlers.fullSnapshot(),
        removed: [],
        sequence: this.sequence,
        takenAt: timestampFromMs(this.options.clock.now()),
      },
    });
  }

  private sendIncremental(): void {
    if (!this.welcomed) return;
    const { upserts, removed } = this.options.handlers.takeChanges();
    if (upserts.length === 0 && removed.length === 0) return;
    this.sequence += 1n;
    this.send({
      case: 'snapshot',
      value: {
        full: false,
        namespaces: upserts,
        removed,
        sequence: this.sequence,
        takenAt: timestampFromMs(this.options.clock.now()),
      },
    });
  }

  private send(message: Outgoing): boolean {
    if (!this.stream) return false;
    return this.write(this.stream, message);
  }

  private write(stream: Stream, message: Outgoing): boolean {
    try {
      stream.write(create(ConnectRequestSchema, { message }));
      if (message?.case === 'notification') {
        this.options.metrics.notifications.inc({
          kind: String(message.value.kind ?? 0),
          fate: 'sent',
        });
      }
      return true;
    } catch (error) {
      this.options.log.warn({ err: error }, 'write to hub failed');
      return false;
    }
  }

  private setWelcomed(value: boolean): void {
    this.welcomed = value;
    this.options.metrics.hubConnected.set(value ? 1 : 0);
    if (value) for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/** Staleness of a notification, for logs. */
export function ageOf(notification: Notification, now: number): number {
  return notification.createdAt ? now - timestampMs(notification.createdAt) : 0;
}
