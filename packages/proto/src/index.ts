export * from './gen/curfew/v1/agent_link_pb.js';
export {
  addGrpcService,
  createGrpcClient,
  type GrpcClient,
  type GrpcHandler,
  type GrpcImplementation,
  grpcServiceDefinition,
} from './grpc-bridge.js';
