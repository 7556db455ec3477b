/**
 * Turns a protobuf-es service descriptor into a @grpc/grpc-js service definition and
 * client, so no method needs hand-written (de)serializers. grpc-js only moves bytes;
 * protobuf-es owns the encoding, so the two stay in step with the .proto by construction.
 */
import {
  type DescMessage,
  type DescMethod,
  type DescService,
  fromBinary,
  type MessageShape,
  toBinary,
} from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';

type Shape<D> = D extends DescMessage ? MessageShape<D> : never;

/** The grpc-js handler type for one method of a generated service. */
export type GrpcHandler<M> = M extends { methodKind: infer K; input: infer I; output: infer O }
  ? K extends 'unary'
    ? grpc.handleUnaryCall<Shape<I>, Shape<O>>
    : K extends 'server_streaming'
      ? grpc.handleServerStreamingCall<Shape<I>, Shape<O>>
      : K extends 'client_streaming'
        ? grpc.handleClientStreamingCall<Shape<I>, Shape<O>>
        : grpc.handleBidiStreamingCall<Shape<I>, Shape<O>>
  : never;

/** Implementation of a whole service, keyed by the methods' local (lowerCamel) names. */
export type GrpcImplementation<S extends DescService> = {
  [K in keyof S['method']]: GrpcHandler<S['method'][K]>;
};

type ClientCall<M> = M extends { methodKind: infer K; input: infer I; output: infer O }
  ? K extends 'unary'
    ? (
        request: Shape<I>,
        metadata: grpc.Metadata,
        options: Partial<grpc.CallOptions>,
        callback: grpc.requestCallback<Shape<O>>,
      ) => grpc.ClientUnaryCall
    : K extends 'server_streaming'
      ? (
          request: Shape<I>,
          metadata?: grpc.Metadata,
          options?: Partial<grpc.CallOptions>,
        ) => grpc.ClientReadableStream<Shape<O>>
      : K extends 'client_streaming'
        ? (
            metadata: grpc.Metadata,
            options: Partial<grpc.CallOptions>,
            callback: grpc.requestCallback<Shape<O>>,
          ) => grpc.ClientWritableStream<Shape<I>>
        : (
            metadata?: grpc.Metadata,
            options?: Partial<grpc.CallOptions>,
          ) => grpc.ClientDuplexStream<Shape<I>, Shape<O>>
  : never;

/** A grpc-js client for a generated service: one typed call per method. */
export type GrpcClient<S extends DescService> = grpc.Client & {
  [K in keyof S['method']]: ClientCall<S['method'][K]>;
};

function methodDefinition(method: DescMethod): grpc.MethodDefinition<unknown, unknown> {
  const { input, output } = method;
  return {
    path: `/${method.parent.typeName}/${method.name}`,
    requestStream:
      method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
    responseStream:
      method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
    requestSerialize: (message) =>
      Buffer.from(toBinary(input, message as MessageShape<DescMessage>)),
    requestDeserialize: (bytes: Buffer) => fromBinary(input, bytes),
    responseSerialize: (message) =>
      Buffer.from(toBinary(output, message as MessageShape<DescMessage>)),
    responseDeserialize: (bytes: Buffer) => fromBinary(output, bytes),
    originalName: method.localName,
  };
}

/** The grpc-js ServiceDefinition for `server.addService`, keyed by local method names. */
export function grpcServiceDefinition<S extends DescService>(
  service: S,
): grpc.ServiceDefinition<GrpcImplementation<S> & grpc.UntypedServiceImplementation> {
  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) {
    definition[method.localName] = methodDefinition(method);
  }
  return definition as grpc.ServiceDefinition<
    GrpcImplementation<S> & grpc.UntypedServiceImplementation
  >;
}

/** Registers a typed implementation of `service` on a grpc-js server. */
export function addGrpcService<S extends DescService>(
  server: grpc.Server,
  service: S,
  implementation: GrpcImplementation<S>,
): void {
  server.addService(
    grpcServiceDefinition(service),
    implementation as GrpcImplementation<S> & grpc.UntypedServiceImplementation,
  );
}

/** Creates a typed grpc-js client for `service` at `address` ("host:port"). */
export function createGrpcClient<S extends DescService>(
  service: S,
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ClientOptions,
): GrpcClient<S> {
  const Constructor = grpc.makeGenericClientConstructor(
    grpcServiceDefinition(service) as grpc.ServiceDefinition,
    service.typeName,
  );
  return new Constructor(address, credentials, options) as unknown as GrpcClient<S>;
}
