/**
 * Starts real hub replicas (HTTP + gRPC on loopback) against a test Redis, with API
 * tokens whose clear values the tests know.
 */
import { randomUUID } from 'node:crypto';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createHub, type Hub } from '../../src/hub.js';
import { hashToken } from '../../src/token-hash.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const READ_TOKEN = 'test-read-token-0123456789';

export interface RunningHub {
  hub: Hub;
  baseUrl: string;
  grpcAddress: string;
  stop(): Promise<void>;
  /** fetch against the admin API with the admin token (or `token`). */
  api(
    path: string,
    init?: {
      method?: string;
      body?: unknown;
      token?: string | null;
      headers?: Record<string, string>;
    },
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON responses field by field.
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/**
 * One redis-server for the whole test file (tests keep apart by key prefix), and a list of
 * things a test started, undone newest first after that test, also when it failed.
 */
export function redisForFile(): {
  readonly url: string;
  cleanups: (() => Promise<void> | void)[];
} {
  let server: RedisServer | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    get url() {
      if (!server) throw new Error('redis-server is not started yet; use it inside a test');
      return server.url;
    },
    cleanups,
  };
}

export async function startHub(
  redisUrl: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<RunningHub> {
  const config = loadConfig({
    HUB_INSTANCE_ID: `hub-${randomUUID().slice(0, 8)}`,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    PUBLIC_GRPC_ADDRESS: 'hub.test:443',
    API_TOKENS: JSON.stringify([
      { name: 'ci', role: 'admin', sha256: hashToken(ADMIN_TOKEN) },
      { name: 'dashboard', role: 'read', sha256: hashToken(READ_TOKEN) },
    ]),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const hub = createHub({ config, logger: pino({ level: process.env.HUB_TEST_LOG ?? 'silent' }) });
  const { httpPort, grpcPort } = await hub.listen();
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  await eventually(() => hub.readiness().ready, 10_000, 'hub ready');
  let stopped = false;
  return {
    hub,
    baseUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await hub.stop();
    },
    async api(path, init = {}) {
      const token = init.token === undefined ? ADMIN_TOKEN : init.token;
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (token) headers.authorization = `Bearer ${token}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      return { status: response.status, body, headers: response.headers };
    },
  };
}

/** Polls until `check` returns a truthy value. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
