import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../src/index.js';

function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(`${line}\r\n`));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}

let server: RedisServer | undefined;
afterEach(async () => {
  await server?.stop();
});

it('keeps every acknowledged write across a SIGKILL when persistence is on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-aof-'));
  server = await startRedisServer({ persistDir: dir });
  expect(await command(server.port, 'SET k v')).toBe('+OK\r\n');
  await server.kill();
  await server.restart();
  expect(await command(server.port, 'GET k')).toBe('$1\r\nv\r\n');
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a private redis-server for tests', () => {
  it('serves on its own port, not the shared 6379', async () => {
    server = await startRedisServer();
    expect(server.port).not.toBe(6379);
    expect(await command(server.port, 'SET k v')).toBe('+OK\r\n');
    expect(await command(server.port, 'GET k')).toBe('$1\r\nv\r\n');
  });

  it('comes back empty on the same port after a crash and restart without persistence', async () => {
    server = await startRedisServer();
    await command(server.port, 'SET k v');
    await server.restart();
    expect(await command(server.port, 'GET k')).toBe('$-1\r\n');
  });

  it('refuses connections once stopped', async () => {
    server = await startRedisServer();
    const { port } = server;
    await server.stop();
    await expect(command(port, 'PING')).rejects.toThrow();
  });
});
