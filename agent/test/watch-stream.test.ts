import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeHttp, type KubeTarget, parseKubeconfig } from '../src/kube/http/index.js';
import { WatchHttpError, watchOnce } from '../src/kube/watch-stream.js';
import { KubeSimDriver } from './support/kube-sim-driver.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A plain-HTTP server with a token. */
function targetFor(server: string, token = 'x'): KubeTarget {
  return { server, insecureSkipTlsVerify: false, token: async () => token, source: 'test' };
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const request = (target: KubeTarget, onEvent: (type: string) => void = () => {}) => ({
  http: new KubeHttp(target),
  path: '/api/v1/namespaces',
  resourceVersion: '',
  timeoutSeconds: 5,
  graceSeconds: 5,
  signal: new AbortController().signal,
  onEvent,
});

describe('one watch request', () => {
  it('refused by the server, rejects with its status and the Status message', async () => {
    const driver = await KubeSimDriver.start();
    cleanups.push(() => driver.stop());
    const target = parseKubeconfig({
      text: driver.sim.kubeconfig.replace('sim-token', 'wrong-token'),
      path: driver.sim.kubeconfigPath,
      readFile: () => '',
    });
    const failure = await watchOnce(request(target)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WatchHttpError);
    expect(failure).toMatchObject({ statusCode: 401, message: 'HTTP 401: Unauthorized' });
  });

  it('fails on a line that is not JSON rather than skipping an event', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
      res.end('{"type":"ADDED","obj\n');
    });
    const seen: string[] = [];
    const failure = watchOnce(request(targetFor(url), (type) => seen.push(type)));
    await expect(failure).rejects.toThrow(
      'the watch on /api/v1/namespaces sent a line that is not JSON: {"type":"ADDED","obj',
    );
    expect(seen).toEqual(['ADDED']);
  });

  it('asks for bookmarks and the server-side timeout, and resolves when the server ends it', async () => {
    let query = new URLSearchParams();
    const url = await serve((req, res) => {
      query = new URL(req.url ?? '/', 'http://x').searchParams;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}\n');
    });
    const seen: string[] = [];
    await watchOnce({
      ...request(targetFor(url), (type) => seen.push(type)),
      resourceVersion: '5',
    });
    expect(seen).toEqual(['BOOKMARK']);
    expect(Object.fromEntries(query)).toEqual({
      watch: 'true',
      allowWatchBookmarks: 'true',
      timeoutSeconds: '5',
      resourceVersion: '5',
    });
  });
});
