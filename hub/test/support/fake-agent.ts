/**
 * A scripted agent speaking AgentLinkService over real gRPC on loopback.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import {
  AgentLinkService,
  type Command,
  CommandStatus,
  type ConnectRequest,
  ConnectRequestSchema,
  type ConnectResponse,
  createGrpcClient,
  NamespaceState,
} from '@curfew/proto';
import * as grpc from '@grpc/grpc-js';

type Case = NonNullable<ConnectResponse['message']['case']>;
type Of<C extends Case> = Extract<ConnectResponse['message'], { case: C }>['value'];

export interface FakeAgentOptions {
  address: string;
  token: string;
  clusterId: string;
  agentVersion?: string;
  /** Send no Hello (protocol tests). */
  silent?: boolean;
  /** e.g. `{ 'grpc.use_local_subchannel_pool': 1 }` for one TCP connection per agent. */
  channelOptions?: grpc.ChannelOptions;
  /** Answers each command (default: SUCCEEDED with a message naming the command). */
  onCommand?: (command: Command, agent: FakeAgent) => void;
}

export class FakeAgent {
  readonly received: ConnectResponse[] = [];
  readonly commands: Command[] = [];
  /** Resolves with the gRPC status when the stream ends, however it ends. */
  readonly closed: Promise<grpc.StatusObject>;
  readonly #client;
  readonly #call: grpc.ClientDuplexStream<ConnectRequest, ConnectResponse>;
  readonly #waiters = new Set<() => void>();

  constructor(readonly options: FakeAgentOptions) {
    this.#client = createGrpcClient(
      AgentLinkService,
      options.address,
      grpc.credentials.createInsecure(),
      options.channelOptions,
    );
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${options.token}`);
    this.#call = this.#client.connect(metadata);
    this.closed = new Promise((resolve) => {
      this.#call.on('status', (status: grpc.StatusObject) => resolve(status));
    });
    this.#call.on('error', () => {});
    this.#call.on('data', (message: ConnectResponse) => {
      this.received.push(message);
      if (message.message.case === 'command') {
        this.commands.push(message.message.value);
        options.onCommand?.(message.message.value, this);
      }
      for (const wake of [...this.#waiters]) wake();
    });
    this.#call.on('end', () => {
      for (const wake of [...this.#waiters]) wake();
    });
    if (options.silent) return;
    this.send({
      message: {
        case: 'hello',
        value: {
          clusterId: options.clusterId,
          agentVersion: options.agentVersion ?? '0.1.0-test',
          instanceId: 'fake-agent-0',
          capabilities: ['suspend', 'time-bombs'],
        },
      },
    });
  }

  send(init: MessageInitShape<typeof ConnectRequestSchema>): void {
    this.#call.write(create(ConnectRequestSchema, init));
  }

  #sequence = 0n;

  /**
   * Reports these namespaces in a full snapshot (the hub accepts notifications only about
   * namespaces an agent reported).
   */
  report(namespaces: string[], owner = ''): void {
    this.#sequence += 1n;
    this.send({
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: this.#sequence,
          namespaces: namespaces.map((name) => ({ name, state: NamespaceState.RUNNING, owner })),
        },
      },
    });
  }

  /** Reports a final result for a command. */
  answer(commandId: string, status: CommandStatus = CommandStatus.SUCCEEDED, message = 'ok'): void {
    this.send({ message: { case: 'commandResult', value: { commandId, status, message } } });
  }

  heartbeat(): void {
    this.send({ message: { case: 'heartbeat', value: { sentAt: timestampNow() } } });
  }

  /** Waits for the n-th (1-based) message of a kind, counting from the stream's start. */
  async next<C extends Case>(kind: C, nth = 1, timeoutMs = 5_000): Promise<Of<C>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.received.filter((m) => m.message.case === kind);
      const found = matching[nth - 1];
      if (found) return found.message.value as Of<C>;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.received.map((m) => m.message.case).join(', ');
        throw new Error(
          `fake agent ${this.options.clusterId}: no ${kind} #${nth} (saw: ${seen || 'nothing'})`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        const waiters = this.#waiters;
        waiters.add(done);
      });
    }
  }

  close(): void {
    this.#call.end();
    this.#call.cancel();
    this.#client.close();
  }
}
