import type { MessageInitShape } from '@bufbuild/protobuf';
import { create } from '@bufbuild/protobuf';
import { durationFromMs, timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  AgentLinkService,
  addGrpcService,
  type Command,
  CommandSchema,
  type ConnectRequest,
  type ConnectResponse,
  ConnectResponseSchema,
  type Notification,
  RejectReason,
} from '@curfew/proto';
import * as grpc from '@grpc/grpc-js';

type Call = grpc.ServerDuplexStream<ConnectRequest, ConnectResponse>;

/**
 * A minimal hub on loopback speaking the real AgentLinkService: checks the bearer token,
 * welcomes, records everything the agent sends, acknowledges notifications, and lets a test
 * send commands or cut the stream.
 */
export class TestHub {
  readonly received: ConnectRequest[] = [];
  readonly authorizations: string[] = [];
  calls: Call[] = [];
  autoAck = true;
  private server: grpc.Server | undefined;
  port = 0;

  constructor(
    private readonly token: string,
    private readonly heartbeatMs = 10 * 60_000,
  ) {}

  async start(port = 0, tls?: { cert: string; key: string }): Promise<string> {
    const server = new grpc.Server();
    addGrpcService(server, AgentLinkService, { connect: (call) => this.onCall(call) });
    const credentials = tls
      ? grpc.ServerCredentials.createSsl(null, [
          { cert_chain: Buffer.from(tls.cert), private_key: Buffer.from(tls.key) },
        ])
      : grpc.ServerCredentials.createInsecure();
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, credentials, (e, p) => (e ? reject(e) : resolve(p))),
    );
    this.server = server;
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const call of this.calls) call.end();
    await new Promise<void>((resolve) => {
      server.tryShutdown(() => resolve());
      setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 500).unref();
    });
  }

  private onCall(call: Call) {
    const auth = String(call.metadata.get('authorization')[0] ?? '');
    this.authorizations.push(auth);
    this.calls.push(call);
    call.on('data', (request: ConnectRequest) => {
      this.received.push(request);
      const message = request.message;
      if (message.case === 'hello') {
        if (auth !== `Bearer ${this.token}`) {
          this.send(call, {
            case: 'reject',
            value: { reason: RejectReason.UNAUTHENTICATED, message: 'bad token' },
          });
          call.end();
          return;
        }
        this.send(call, {
          case: 'welcome',
          value: {
            hubInstance: 'test-hub',
            heartbeatInterval: durationFromMs(this.heartbeatMs),
            serverTime: timestampFromMs(Date.now()),
          },
        });
      }
      if (message.case === 'notification' && this.autoAck) {
        this.send(call, {
          case: 'notificationAck',
          value: { notificationIds: [message.value.id] },
        });
      }
    });
    call.on('error', () => {});
    call.on('end', () => call.end());
  }

  private send(call: Call, message: MessageInitShape<typeof ConnectResponseSchema>['message']) {
    call.write(create(ConnectResponseSchema, { message }));
  }

  /** Sends a command to the newest stream. */
  command(init: MessageInitShape<typeof CommandSchema>): Command {
    const command = create(CommandSchema, init);
    const call = this.calls.at(-1);
    if (!call) throw new Error('no agent connected');
    this.send(call, { case: 'command', value: command });
    return command;
  }

  /** Tells the agent this replica is going away (it should reconnect at once). */
  drain(): void {
    const call = this.calls.at(-1);
    if (call) this.send(call, { case: 'drain', value: { message: 'replica shutting down' } });
  }

  /** Cuts every open stream, as a crashed hub replica would. */
  dropStreams(): void {
    for (const call of this.calls) call.destroy(new Error('dropped by test'));
    this.calls = [];
  }

  notifications(): Notification[] {
    return this.received.flatMap((r) =>
      r.message.case === 'notification' ? [r.message.value] : [],
    );
  }

  /** What the real hub would deliver: the first copy of each notification id (it de-duplicates). */
  delivered(): Notification[] {
    const seen = new Set<string>();
    return this.notifications().filter((n) => !seen.has(n.id) && seen.add(n.id));
  }

  results() {
    return this.received.flatMap((r) =>
      r.message.case === 'commandResult' ? [r.message.value] : [],
    );
  }

  snapshots() {
    return this.received.flatMap((r) => (r.message.case === 'snapshot' ? [r.message.value] : []));
  }

  /** The namespaces as the hub would list them now: full snapshots replace, others upsert. */
  namespaces() {
    const byName = new Map<
      string,
      ReturnType<TestHub['snapshots']>[number]['namespaces'][number]
    >();
    for (const snapshot of this.snapshots()) {
      if (snapshot.full) byName.clear();
      for (const ns of snapshot.namespaces) byName.set(ns.name, ns);
      for (const name of snapshot.removed) byName.delete(name);
    }
    return [...byName.values()];
  }

  hellos() {
    return this.received.flatMap((r) => (r.message.case === 'hello' ? [r.message.value] : []));
  }
}

/** Polls `check` until it returns a truthy value (real time: loopback I/O needs it). */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
