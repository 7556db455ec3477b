import { rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdmissionOptions } from './admission/index.js';
import { createAdmission } from './admission/index.js';
import { Api } from './api.js';
import { bootstrap } from './bootstrap.js';
import { startControllers } from './controllers/index.js';
import type { FaultConfig } from './faults.js';
import { Faults } from './faults.js';
import { loadFixture } from './fixtures.js';
import { createHandler } from './http/server.js';
import { renderKubeconfig } from './kubeconfig.js';
import { seededRandom } from './random.js';
import { RequestLog } from './request-log.js';
import { Store } from './store.js';
import type { TlsMaterial } from './tls.js';
import { generateServingCert } from './tls.js';
import { type BookmarkMode, REAL_BOOKMARK_INTERVAL_MS } from './watch-bookmarks.js';

export interface KubeSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Delay before a started pod turns Ready. Default 0. */
  readyDelayMs?: number;
  /** How long a deleted pod stays Terminating (capped by its grace period). Default 0. */
  podTerminationDelayMs?: number;
  /** How long a Job's pod runs before it Succeeds. Default 500. */
  jobPodDurationMs?: number;
  /** How often CronJob schedules are checked (against `now`). Default 1000. */
  cronTickMs?: number;
  /** Controllers write Events like a real cluster's. Default true; off saves memory at scale. */
  events?: boolean;
  /** Require `Authorization: Bearer <token>`; written into the kubeconfig. Its user is the admin. */
  token?: string;
  /**
   * More bearer tokens, each authenticating as its own user (e.g. an agent's service account),
   * for admission policies that match `request.userInfo`. There is no RBAC: every user may do
   * everything that admission allows.
   */
  users?: Record<string, { username: string; groups?: string[] }>;
  faults?: FaultConfig;
  /** Where to write the kubeconfig; a temp file by default. */
  kubeconfigPath?: string;
  /** Serve HTTPS with a freshly generated CA (written into the kubeconfig). Default: on when a token is set. */
  https?: boolean;
  /** YAML documents (a string) to create at start, e.g. a fixture file's contents. */
  fixture?: string;
  /** Watch history window per resource; older resourceVersions get 410 Expired. */
  watchHistory?: number;
  /**
   * Bookmarks as a kube-apiserver before 1.27 sends them (`'deadline'`, the default: one, 2 s
   * before the watch's timeoutSeconds — none on a quiet watch until then) or as 1.27+ does
   * (`'periodic'`: also every `bookmarkIntervalMs`). See watch-bookmarks.ts.
   */
  bookmarks?: BookmarkMode;
  /** The periodic bookmark interval; default a minute, as on the real server. */
  bookmarkIntervalMs?: number;
  /** Seed for generated names and faults. */
  seed?: number;
  now?: () => number;
  /** Maps a webhook's clientConfig.service to a base URL such as `https://127.0.0.1:8443`. */
  resolveService?: AdmissionOptions['resolveService'];
}

export interface KubeSim {
  url: string;
  kubeconfigPath: string;
  kubeconfig: string;
  /** CA that signed the serving certificate, when https. */
  caPem: string | undefined;
  store: Store;
  api: Api;
  faults: Faults;
  requestLog: RequestLog;
  /** Number of requests matching, e.g. `{ verb: 'list', resource: 'pods' }`. */
  countRequests: RequestLog['count'];
  stop(): Promise<void>;
}

/** Served over plain HTTP there is no CA; namespaces still get a kube-root-ca.crt like a real cluster's. */
const PLACEHOLDER_CA =
  '-----BEGIN CERTIFICATE-----\nkube-sim serves plain HTTP; no CA\n-----END CERTIFICATE-----\n';

/** Starts a simulated kube-apiserver with its controllers and writes a kubeconfig for it. */
export async function startKubeSim(opts: KubeSimOptions = {}): Promise<KubeSim> {
  const now = opts.now ?? Date.now;
  const random = seededRandom(opts.seed ?? 42);
  // Its own sequence, so watches opening does not shift the generated names tests rely on.
  const timeoutRandom = seededRandom((opts.seed ?? 42) + 1);
  const store = new Store(opts.watchHistory ?? 10_000);
  const api = new Api(store, now, random);
  const faults = new Faults({ seed: opts.seed ?? 42, ...opts.faults });
  const requestLog = new RequestLog();
  let tls: TlsMaterial | undefined;
  // client-go never sends a bearer token over plain HTTP, so a token implies HTTPS.
  if (opts.https ?? opts.token !== undefined) tls = generateServingCert(['127.0.0.1', 'localhost']);
  api.registry.admit = createAdmission(
    api,
    opts.resolveService ? { now, resolveService: opts.resolveService } : { now },
  );
  const stopControllers = startControllers(api, {
    now,
    caPem: tls?.caPem ?? PLACEHOLDER_CA,
    readyDelayMs: opts.readyDelayMs ?? 0,
    podTerminationDelayMs: opts.podTerminationDelayMs ?? 0,
    jobPodDurationMs: opts.jobPodDurationMs ?? 500,
    cronTickMs: opts.cronTickMs ?? 1000,
    events: opts.events ?? true,
    random,
  });
  try {
    await bootstrap(api, now());
    if (opts.fixture) await loadFixture(api, opts.fixture);
  } catch (e) {
    stopControllers();
    throw e;
  }
  let url = '';
  const handler = createHandler({
    api,
    store,
    faults,
    log: requestLog,
    token: opts.token,
    users: new Map(
      Object.entries(opts.users ?? {}).map(([token, u]) => [
        token,
        { username: u.username, groups: [...(u.groups ?? []), 'system:authenticated'] },
      ]),
    ),
    now,
    serverAddress: () => url.replace(/^https?:\/\//, ''),
    bookmarks: opts.bookmarks ?? 'deadline',
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? REAL_BOOKMARK_INTERVAL_MS,
    defaultTimeoutSeconds: () => Math.floor(1800 * (1 + timeoutRandom())),
  });
  const server = tls
    ? createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, handler)
    : createHttpServer(handler);
  server.keepAliveTimeout = 60_000;
  // Raw sockets, including ones still in a TLS handshake that closeAllConnections() does not
  // see: stop() must not wait for a client that connected and went quiet.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => {
      stopControllers();
      reject(e);
    });
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  url = `${tls ? 'https' : 'http'}://127.0.0.1:${addr.port}`;
  const kubeconfig = renderKubeconfig({ server: url, token: opts.token, caPem: tls?.caPem });
  const kubeconfigPath =
    opts.kubeconfigPath ?? join(tmpdir(), `kube-sim-${process.pid}-${addr.port}.kubeconfig`);
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
  return {
    url,
    kubeconfigPath,
    kubeconfig,
    caPem: tls?.caPem,
    store,
    api,
    faults,
    requestLog,
    countRequests: (f) => requestLog.count(f),
    async stop() {
      stopControllers();
      faults.dropWatches();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
      // A kubeconfig we named ourselves is ours to remove (test runs start hundreds of kube-sims);
      // one the caller asked for stays theirs.
      if (opts.kubeconfigPath === undefined) rmSync(kubeconfigPath, { force: true });
    },
  };
}
