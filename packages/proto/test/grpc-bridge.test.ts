import { create } from '@bufbuild/protobuf';
import { durationFromMs, timestampFromMs } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Action,
  AgentLinkService,
  addGrpcService,
  type ConnectRequest,
  ConnectRequestSchema,
  type ConnectResponse,
  ConnectResponseSchema,
  createGrpcClient,
  type GrpcImplementation,
  grpcServiceDefinition,
  NamespaceState,
  NotificationKind,
} from '../src/index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(implementation: GrpcImplementation<typeof AgentLinkService>) {
  const server = new grpc.Server();
  addGrpcService(server, AgentLinkService, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  cleanups.push(() => new Promise<void>((resolve) => server.tryShutdown(() => resolve())));
  const client = createGrpcClient(
    AgentLinkService,
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  cleanups.push(() => client.close());
  return client;
}

function collect<T>(stream: NodeJS.ReadableStream, count: number): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const seen: T[] = [];
    stream.on('data', (message: T) => {
      seen.push(message);
      if (seen.length === count) resolve(seen);
    });
    stream.on('error', reject);
  });
}

describe('the generic protobuf-es → grpc-js bridge', () => {
  it('derives the method path and streaming flags from the descriptor', () => {
    const definition = grpcServiceDefinition(AgentLinkService);
    expect(definition.connect.path).toBe('/curfew.v1.AgentLinkService/Connect');
    expect(definition.connect.requestStream).toBe(true);
    expect(definition.connect.responseStream).toBe(true);
  });

  it('round-trips a message through its serializers byte for byte', () => {
    const definition = grpcServiceDefinition(AgentLinkService);
    const request = create(ConnectRequestSchema, {
      message: {
        case: 'snapshot',
        value: {
          full: true,
          sequence: 7n,
          namespaces: [{ name: 'team-a', state: NamespaceState.SUSPENDED, runningPods: 0 }],
        },
      },
    });
    const bytes = definition.connect.requestSerialize(request);
    expect(definition.connect.requestDeserialize(bytes)).toEqual(request);
  });

  it('streams both ways over a real loopback grpc-js server, with metadata', async () => {
    const seenByServer: ConnectRequest[] = [];
    let authorization: unknown;
    const client = await startServer({
      connect(call) {
        authorization = call.metadata.get('authorization')[0];
        call.on('data', (message: ConnectRequest) => {
          seenByServer.push(message);
          if (message.message.case === 'hello') {
            call.write(
              create(ConnectResponseSchema, {
                message: {
                  case: 'welcome',
                  value: {
                    hubInstance: 'hub-1',
                    heartbeatInterval: durationFromMs(10_000),
                    serverTime: timestampFromMs(1_700_000_000_000),
                  },
                },
              }),
            );
            call.write(
              create(ConnectResponseSchema, {
                message: {
                  case: 'command',
                  value: {
                    id: 'cmd-1',
                    action: Action.SNOOZE,
                    target: { case: 'namespace', value: { clusterId: 'c1', namespace: 'team-a' } },
                    duration: durationFromMs(3_600_000),
                  },
                },
              }),
            );
          }
          if (message.message.case === 'commandResult') call.end();
        });
      },
    });

    const metadata = new grpc.Metadata();
    metadata.set('authorization', 'Bearer secret-token');
    const stream = client.connect(metadata);
    const received = collect<ConnectResponse>(stream, 2);
    stream.write(
      create(ConnectRequestSchema, {
        message: { case: 'hello', value: { clusterId: 'c1', agentVersion: '0.1.0' } },
      }),
    );
    const [welcome, command] = await received;

    expect(welcome?.message.case).toBe('welcome');
    expect(command?.message.case).toBe('command');
    if (command?.message.case !== 'command') throw new Error('expected a command');
    expect(command.message.value.id).toBe('cmd-1');
    expect(command.message.value.target).toEqual({
      case: 'namespace',
      value: expect.objectContaining({ clusterId: 'c1', namespace: 'team-a' }),
    });
    expect(Number(command.message.value.duration?.seconds)).toBe(3600);

    const ended = new Promise<void>((resolve) => stream.on('end', resolve));
    stream.write(
      create(ConnectRequestSchema, {
        message: {
          case: 'notification',
          value: { id: 'n-1', kind: NotificationKind.REMINDER, namespace: 'team-a' },
        },
      }),
    );
    stream.write(
      create(ConnectRequestSchema, {
        message: { case: 'commandResult', value: { commandId: 'cmd-1' } },
      }),
    );
    await ended;
    stream.end();

    expect(authorization).toBe('Bearer secret-token');
    expect(seenByServer.map((m) => m.message.case)).toEqual([
      'hello',
      'notification',
      'commandResult',
    ]);
  });
});
