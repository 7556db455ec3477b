/**
 * Assembles one hub replica, in this order: Redis connections and the stores on them
 * (store/createStores), the services built from their ports (routing, the agent streams,
 * notification intake), then the HTTP app and the agent-facing gRPC server. Everything random
 * or time-dependent is injectable for tests.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '@curfew/core';
import { AgentLinkService, addGrpcService } from '@curfew/proto';
import * as grpc from '@grpc/grpc-js';
import type { Express } from 'express';
import { type Logger, pino } from 'pino';
import { AgentActionAudit } from './agents/agent-action-audit.js';
import { NotificationIntake } from './agents/notification-intake.js';
import { StreamHandler } from './agents/stream-handler.js';
import { StreamRegistry } from './agents/stream-registry.js';
import { ApiTokens } from './api/auth.js';
import type { ApiDeps } from './api/deps.js';
import { apiRoutes } from './api/routes/index.js';
import type { HubConfig } from './config.js';
import { createApp } from './http/app.js';
import { createMetrics, type HubMetrics } from './metrics.js';
import type {
  AuditLog,
  ClusterDirectory,
  CommandDispatcher,
  NamespaceDirectory,
  NotificationSink,
} from './ports.js';
import { Bus } from './redis/bus.js';
import { connectRedis, type RedisConnections } from './redis/connection.js';
import { redisKeys } from './redis/keys.js';
import { Router } from './routing/router.js';
import { createStores } from './store/index.js';

export const HUB_VERSION = '0.1.0';

/** What the Slack side (and anything else inside the hub) builds on. */
export interface HubPorts {
  namespaces: NamespaceDirectory;
  dispatcher: CommandDispatcher;
  audit: AuditLog;
  clusters: ClusterDirectory;
}

export interface HubOptions {
  config: HubConfig;
  logger?: Logger;
  clock?: Clock;
  newId?: () => string;
  newToken?: () => string;
  /** Process-wide metrics (event loop, memory); off in tests that run several hubs. */
  defaultMetrics?: boolean;
  /** How often each replica sweeps for expired commands. */
  sweepIntervalMs?: number;
}

export interface Hub {
  readonly app: Express;
  readonly ports: HubPorts;
  readonly metrics: HubMetrics;
  readonly redis: RedisConnections;
  /** The parsed settings (the Slack side reads REDIS_URL/REDIS_PREFIX for its own queues). */
  readonly config: HubConfig;
  readonly instanceId: string;
  /** Where agent notifications go; the Slack side replaces the default (log only). */
  setNotificationSink(sink: NotificationSink): void;
  /** The Slack side's list of owners it cannot reach, served at /api/v1/unreachable-owners. */
  setUnreachableOwners(provider: NonNullable<ApiDeps['unreachableOwners']>): void;
  listen(): Promise<{ httpPort: number; grpcPort: number }>;
  /** Drains agents to other replicas, then closes everything. */
  stop(): Promise<void>;
  readiness(): { ready: boolean; reasons: string[] };
}

function grpcCredentials(config: HubConfig): grpc.ServerCredentials {
  if (!config.GRPC_TLS_CERT_FILE || !config.GRPC_TLS_KEY_FILE) {
    return grpc.ServerCredentials.createInsecure();
  }
  return grpc.ServerCredentials.createSsl(null, [
    {
      cert_chain: readFileSync(config.GRPC_TLS_CERT_FILE),
      private_key: readFileSync(config.GRPC_TLS_KEY_FILE),
    },
  ]);
}

export function createHub(options: HubOptions): Hub {
  const { config } = options;
  const logger =
    options.logger ?? pino({ level: config.LOG_LEVEL, base: { hub: config.HUB_INSTANCE_ID } });
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? randomUUID;
  const newToken = options.newToken ?? (() => randomBytes(32).toString('base64url'));
  const hubInstance = config.HUB_INSTANCE_ID;
  const redis = connectRedis(config.REDIS_URL, hubInstance);
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });

  const bus = new Bus(redis.command, redis.subscriber, redisKeys(config.REDIS_PREFIX), hubInstance);
  // Stores: every Redis repository, each seen below only through its port.
  const stores = createStores(redis.command, {
    prefix: config.REDIS_PREFIX,
    clock,
    newToken,
    defaultPrices: { vcpuHour: config.COST_VCPU_HOUR, gibHour: config.COST_GIB_HOUR },
    auditMaxEntries: config.AUDIT_MAX_ENTRIES,
    wire: bus,
  });
  const { audit } = stores;

  // Services, built from ports.
  let sink: NotificationSink = {
    async deliver(clusterId, notification) {
      logger.warn(
        { clusterId, notificationId: notification.id },
        'no notification sink; logged only',
      );
    },
  };
  const streams = new StreamRegistry();
  const router = new Router({
    store: stores.commands,
    presence: stores.presence,
    bus,
    health: redis.health,
    streams,
    audit,
    finish: stores.finisher,
    metrics,
    logger,
    clock,
    newId,
    hubInstance,
    defaultTtlMs: config.COMMAND_TTL,
    resultGraceMs: config.RESULT_GRACE,
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
  });
  const notifications = new NotificationIntake(
    stores.notificationClaims,
    { deliver: (clusterId, notification) => sink.deliver(clusterId, notification) },
    stores.snapshots,
    new AgentActionAudit(stores.notificationClaims, audit, metrics, clock),
    metrics,
    clock,
  );
  const streamHandler = new StreamHandler({
    tokens: stores.tokens,
    presence: stores.presence,
    clusters: stores.clusters,
    streams,
    router,
    snapshots: stores.snapshots,
    suspensions: stores.suspensions,
    notifications,
    bus,
    health: redis.health,
    metrics,
    logger,
    clock,
    newId,
    hubInstance,
    heartbeatIntervalMs: config.HEARTBEAT_INTERVAL,
    presenceTtlMs: config.PRESENCE_TTL,
    helloTimeoutMs: config.HELLO_TIMEOUT,
  });

  let grpcBound = false;
  let draining = false;
  const readiness = () => {
    const reasons: string[] = [];
    if (!redis.health.up) reasons.push('redis unreachable');
    else if (!bus.subscribed) reasons.push('redis pub/sub not subscribed yet');
    if (!grpcBound) reasons.push('agent gRPC server not listening');
    if (draining) reasons.push('shutting down');
    return { ready: reasons.length === 0, reasons };
  };

  // Edges: the admin API, the HTTP app and the gRPC server.
  const apiDeps: ApiDeps = {
    tokens: stores.tokens,
    clusters: stores.clusters,
    snapshots: stores.snapshots,
    suspensions: stores.suspensions,
    router,
    audit,
    // A revoked cluster's stream is closed on whichever replica holds it.
    agents: { kick: (clusterId, reason) => bus.toAll({ type: 'kick', clusterId, reason }) },
    clock,
    install: {
      ...(config.PUBLIC_GRPC_ADDRESS === undefined
        ? {}
        : { publicGrpcAddress: config.PUBLIC_GRPC_ADDRESS }),
      hubTls: config.PUBLIC_GRPC_TLS,
      agentChart: config.AGENT_CHART,
      ...(config.AGENT_CHART_VERSION === undefined
        ? {}
        : { agentChartVersion: config.AGENT_CHART_VERSION }),
      agentNamespace: config.AGENT_NAMESPACE,
    },
    rotationOverlapMs: config.TOKEN_ROTATION_OVERLAP,
    defaultCommandTtlMs: config.COMMAND_TTL,
  };
  const app = createApp({
    routes: apiRoutes,
    deps: apiDeps,
    tokens: new ApiTokens(config.API_TOKENS),
    health: redis.health,
    metrics,
    logger,
    version: HUB_VERSION,
    ready: readiness,
  });

  const grpcServer = new grpc.Server({
    // Finds dead agents whose TCP connection vanished without a FIN (NAT, node loss).
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    // Channelz (grpc-js's introspection registry, which the hub never serves) tracks every
    // connection and call: ~2.4 KiB per idle agent at 10,000 (test/bench/hub/hub.bench.ts).
    'grpc.enable_channelz': 0,
  });
  addGrpcService(grpcServer, AgentLinkService, { connect: streamHandler.connect });
  let httpServer: HttpServer | undefined;

  router.start();
  streamHandler.start();
  void bus
    .start()
    .catch((error: unknown) => logger.error({ err: error }, 'pub/sub subscribe failed'));

  return {
    app,
    ports: { namespaces: stores.snapshots, dispatcher: router, audit, clusters: stores.clusters },
    metrics,
    redis,
    config,
    instanceId: hubInstance,
    setNotificationSink(next) {
      sink = next;
    },
    setUnreachableOwners(provider) {
      apiDeps.unreachableOwners = provider;
    },
    readiness,
    async listen() {
      const grpcPort = await new Promise<number>((resolve, reject) =>
        grpcServer.bindAsync(
          // grpc-js takes host:port; an IPv6 literal needs brackets.
          `${config.BIND_ADDRESS.includes(':') ? `[${config.BIND_ADDRESS}]` : config.BIND_ADDRESS}:${config.GRPC_PORT}`,
          grpcCredentials(config),
          (error, port) => (error ? reject(error) : resolve(port)),
        ),
      );
      grpcBound = true;
      const server = app.listen(config.HTTP_PORT, config.BIND_ADDRESS);
      server.keepAliveTimeout = config.HTTP_KEEPALIVE_TIMEOUT;
      // Headers of a request on a kept-alive connection must be allowed to arrive after it.
      server.headersTimeout = Math.max(
        server.headersTimeout,
        config.HTTP_KEEPALIVE_TIMEOUT + 1_000,
      );
      httpServer = server;
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
      const httpPort = (server.address() as AddressInfo).port;
      logger.info({ httpPort, grpcPort }, 'hub listening');
      return { httpPort, grpcPort };
    },
    async stop() {
      draining = true;
      await streamHandler.drainAll('hub replica shutting down; reconnect to another one');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          grpcServer.forceShutdown();
          resolve();
        }, 5_000);
        grpcServer.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      router.stop();
      if (httpServer) {
        const server = httpServer;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await redis.close();
    },
  };
}
