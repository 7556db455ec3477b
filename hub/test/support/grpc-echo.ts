/**
 * The cheapest grpc-js round trip: a unary echo of raw bytes on loopback. Benchmarks report
 * the hub's routed round trip as a ratio of this, measured on the same machine in the same run.
 */
import * as grpc from '@grpc/grpc-js';

const definition = {
  echo: {
    path: '/bench.Echo/Echo',
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (value: Buffer) => value,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (value: Buffer) => value,
  },
} satisfies grpc.ServiceDefinition;

type EchoClient = grpc.Client & {
  echo(request: Buffer, callback: (error: grpc.ServiceError | null) => void): void;
};

export interface GrpcEcho {
  call(payload: Buffer): Promise<void>;
  close(): void;
}

export async function startGrpcEcho(): Promise<GrpcEcho> {
  const server = new grpc.Server();
  server.addService(definition, {
    echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
      callback(null, call.request),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const Client = grpc.makeGenericClientConstructor(definition, 'Echo');
  const client = new Client(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  ) as unknown as EchoClient;
  return {
    call: (payload) =>
      new Promise<void>((resolve, reject) =>
        client.echo(payload, (error) => (error ? reject(error) : resolve())),
      ),
    close() {
      client.close();
      server.forceShutdown();
    },
  };
}
