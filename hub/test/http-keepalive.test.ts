/**
 * The hub keeps idle keep-alive connections open for HTTP_KEEPALIVE_TIMEOUT (default 65 s,
 * above a load balancer's usual 60 s idle timeout), not Node's 5 s: a balancer that reuses a
 * connection the hub has just closed answers its client 502. Real HTTP on loopback, one socket.
 */
import { connect, type Socket } from 'node:net';
import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type RunningHub, startHub } from './support/hub-harness.js';

let redis: RedisServer;
let hub: RunningHub;

beforeAll(async () => {
  redis = await startRedisServer();
  hub = await startHub(redis.url, 'keepalive:', { HTTP_KEEPALIVE_TIMEOUT: '2s' });
});

afterAll(async () => {
  await hub?.stop();
  await redis?.stop();
});

/** Sends GET /healthz on `socket` and resolves with the status line, or null when it closed. */
function get(socket: Socket): Promise<string | null> {
  return new Promise((resolve) => {
    if (socket.destroyed || !socket.writable) return resolve(null);
    const onData = (data: Buffer) => {
      cleanup();
      resolve(data.toString().split('\r\n')[0] ?? '');
    };
    const onClose = () => {
      cleanup();
      resolve(null);
    };
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('close', onClose);
    };
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.write('GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: keep-alive\r\n\r\n');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('keep-alive connections to the hub', () => {
  it('defaults to 65 s, past a load balancer’s 60 s idle timeout', () => {
    const config = loadConfig({
      REDIS_URL: redis.url,
      API_TOKENS: '[]',
    });
    expect(config.HTTP_KEEPALIVE_TIMEOUT).toBe(65_000);
  });

  it('stay open while idle for less than the setting, and are closed after it', async () => {
    const port = Number(new URL(hub.baseUrl).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    expect(await get(socket)).toBe('HTTP/1.1 200 OK');
    // Idle 1 s of the 2 s allowed (Node's 5 s default would allow this too; the close below
    // is what a setting that is not applied would miss).
    await sleep(1_000);
    expect(await get(socket)).toBe('HTTP/1.1 200 OK');
    const closed = new Promise<number>((resolve) =>
      socket.once('close', () => resolve(Date.now())),
    );
    const idleFrom = Date.now();
    expect((await closed) - idleFrom).toBeLessThan(4_500);
  }, 20_000);
});
