import type { Clock, ClusterPolicy } from '@curfew/core';
import { normalizeOffsets, validatePolicy } from '@curfew/core';
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import {
  type ActionContext,
  type ActionEnv,
  createLimiter,
  defaultRetryPolicy,
  KeyedMutex,
  Outbox,
  ReadinessTracker,
  type RetryPolicy,
  supportSettings,
  TerminationTracker,
  withRetry,
} from './actions/index.js';
import { type CloudEnv, createCloudEnv } from './cloud/cloud-env.js';
import type { CloudApi } from './cloud/types.js';
import { CommandExecutor } from './commands/executor.js';
import type { AgentConfig } from './config/schema.js';
import { ReconcilerRegistry } from './gitops/reconciler-registry.js';
import { ClusterCache } from './kube/cache.js';
import type { KubeApi, Watching } from './kube/types.js';
import { LeaseElector } from './leader/lease-elector.js';
import type { BackoffOptions } from './link/backoff.js';
import { HubLink } from './link/hub-link.js';
import { NotificationQueue } from './link/notification-queue.js';
import { type AgentMetrics, createMetrics } from './observe/metrics.js';
import { CloudSweeper } from './scheduler/cloud-sweeper.js';
import { GitOpsSweeper } from './scheduler/gitops-sweeper.js';
import { Reconciler } from './scheduler/reconciler.js';
import { TimeBombs } from './scheduler/time-bombs.js';
import { summarize } from './snapshot/summary.js';

export const AGENT_VERSION = '0.1.0';
export const CAPABILITIES = [
  'suspend',
  'resume',
  'delete',
  'snooze',
  'prolong',
  'status',
  'list',
  'extend',
  'support-pods',
  'cloud-resources',
];

export interface AgentOptions {
  config: AgentConfig;
  kube: KubeApi;
  clock: Clock;
  random: () => number;
  log: Logger;
  hubCredentials: grpc.ChannelCredentials;
  metrics?: AgentMetrics;
  retry?: Partial<RetryPolicy>;
  backoff?: Partial<Omit<BackoffOptions, 'random'>>;
  snapshotDelayMs?: number;
  /**
   * The cloud behind the configured regions; default: AWS through the SDK (tests pass a fake).
   * Unused while `config.cloud.regions` is empty.
   */
  cloud?: CloudApi;
}

/**
 * One agent process: informers feed the cache; the cache feeds decisions, readiness waits
 * and snapshots. Every replica watches (so a new leader starts warm) but only the Lease
 * holder decides, acts and talks to the hub.
 */
export class Agent {
  readonly cache = new ClusterCache();
  readonly metrics: AgentMetrics;
  readonly policy: ClusterPolicy;
  readonly queue: NotificationQueue;
  readonly link: HubLink;
  readonly reconciler: Reconciler;
  readonly commands: CommandExecutor;
  readonly elector: LeaseElector | undefined;
  readonly ctx: ActionContext;
  readonly env: ActionEnv;
  readonly outbox: Outbox;
  /** Absent when no cloud region is configured. */
  readonly cloud: CloudEnv | undefined;
  readonly sweeper: CloudSweeper;
  /** Absent with CURFEW_GITOPS=off. */
  readonly gitops: ReconcilerRegistry | undefined;
  readonly gitOpsSweeper: GitOpsSweeper;
  private readonly readiness: ReadinessTracker;
  private readonly termination: TerminationTracker;
  private readonly dirty = new Set<string>();
  private watching: Watching | undefined;
  private synced = false;
  /** Resolved the first time this replica takes the lead. */
  private readonly ledOnce = Promise.withResolvers<void>();
  private leading = false;
  private stopping: Promise<void> = Promise.resolve();

  constructor(private readonly options: AgentOptions) {
    const { config, kube, clock, random, log } = options;
    this.metrics = options.metrics ?? createMetrics();
    this.policy = validatePolicy({ ...config.policy, agentNamespace: config.agentNamespace });
    this.ctx = {
      kube,
      cache: this.cache,
      clock,
      log,
      limiter: createLimiter(config.concurrency),
      retry: defaultRetryPolicy({ random, ...options.retry }),
      metrics: this.metrics,
      instance: config.instanceId,
    };
    this.readiness = new ReadinessTracker(this.cache, clock);
    this.termination = new TerminationTracker(this.cache, clock);
    const locks = new KeyedMutex();
    this.outbox = new Outbox({
      ctx: this.ctx,
      locks,
      send: (n) => this.link.notify(n),
    });
    // The queue settles what the outbox owes: acknowledged by the hub, or dropped as stale.
    this.queue = new NotificationQueue(10_000, {
      onDrop: (n, why) => {
        this.metrics.notifications.inc({ kind: String(n.kind), fate: `dropped_${why}` });
        log.warn({ notification: n.id, why }, 'notification dropped');
      },
      onSettled: (ids) => this.outbox.settled(ids),
    });
    this.cloud = createCloudEnv(config.cloud, config.clusterId, clock, options.cloud);
    this.gitops =
      config.gitops.mode === 'auto'
        ? new ReconcilerRegistry(config.gitops.argoNamespace, (kind) =>
            withRetry(this.ctx.retry, () => kube.listReconcilers(kind)),
          )
        : undefined;
    this.env = {
      ctx: this.ctx,
      policy: this.policy,
      locks,
      outbox: this.outbox,
      readiness: this.readiness,
      notify: (n) => this.link.notify(n),
      staleAfterMs: config.hub.notificationStaleAfterMs,
      resumeReadyTimeoutMs: config.resumeReadyTimeoutMs,
      termination: this.termination,
      deleteStuckAfterMs: config.deleteStuckAfterMs,
      support: supportSettings(config),
      ...(this.cloud ? { cloud: this.cloud } : {}),
      ...(this.gitops ? { gitops: this.gitops } : {}),
    };
    this.sweeper = new CloudSweeper(this.env, config.cloud.sweepIntervalMs);
    this.gitOpsSweeper = new GitOpsSweeper(this.env, config.gitops.sweepIntervalMs);
    const timeBombs = new TimeBombs(
      normalizeOffsets(config.expiryWarningOffsetsMinutes, 'expiry warning offsets'),
    );
    this.reconciler = new Reconciler({ env: this.env, timeBombs });
    const summary = (name: string) => this.summaryOf(name, clock.now());
    this.commands = new CommandExecutor({
      env: this.env,
      clusterId: config.clusterId,
      summarize: summary,
      list: () => this.allSummaries(),
    });
    this.link = new HubLink({
      address: config.hub.address,
      credentials: options.hubCredentials,
      token: config.hub.token,
      hello: {
        clusterId: config.clusterId,
        agentVersion: AGENT_VERSION,
        capabilities: CAPABILITIES,
        instanceId: config.instanceId,
      },
      clock,
      random,
      log: log.child({ component: 'hub-link' }),
      metrics: this.metrics,
      queue: this.queue,
      backoff: options.backoff,
      snapshotDelayMs: options.snapshotDelayMs,
      handlers: {
        fullSnapshot: () => this.allSummaries(),
        takeChanges: () => this.takeChanges(),
        onCommand: (command, reply) => this.commands.handle(command, reply),
      },
    });
    if (config.leaderElection.enabled) {
      const le = config.leaderElection;
      this.elector = new LeaseElector({
        kube,
        clock,
        log: log.child({ component: 'leader' }),
        namespace: config.agentNamespace,
        name: le.leaseName,
        identity: config.instanceId,
        leaseDurationMs: le.leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs,
        retryPeriodMs: le.retryPeriodMs,
        onStartedLeading: () => this.startLeading(),
        onStoppedLeading: () => void this.stopLeading(),
      });
    }
  }

  get isLeader(): boolean {
    return this.leading;
  }

  get isReady(): boolean {
    return this.synced;
  }

  async start(): Promise<void> {
    // Watch events and the agent's own writes (applied on write) both land here, so
    // decisions, readiness waits and snapshots see every change exactly once.
    this.cache.onChange((change) => {
      this.metrics.watchedNamespaces.set(this.cache.namespaces.size);
      this.dirty.add(change.namespace);
      this.reconciler.touch(change.namespace);
      this.readiness.check(change.namespace);
      this.termination.check(change.namespace);
      this.link.changed();
    });
    // A lookup that changed a namespace's resources (or their states) changes its summary.
    this.cloud?.inventory.onChange((namespaces) => {
      for (const name of namespaces) if (this.cache.namespace(name)) this.dirty.add(name);
      this.link.changed();
    });
    // A reconciler paused or restored changes the summaries of the namespaces it is paused for.
    this.gitops?.onChange((namespaces) => {
      for (const name of namespaces) if (this.cache.namespace(name)) this.dirty.add(name);
      this.link.changed();
    });
    this.watching = this.options.kube.watch((event) => this.cache.apply(event));
    await this.watching.synced;
    this.synced = true;
    this.options.log.info({ namespaces: this.cache.namespaces.size }, 'informer caches synced');
    if (this.elector) this.elector.start();
    else this.startLeading();
  }

  /**
   * Resolves when the work of first taking the lead is done: a decision on every namespace and
   * the first full snapshot written to the hub (main.ts collects that work's garbage then).
   * Never on a standby replica, nor while the hub stays away.
   */
  async startupWork(): Promise<void> {
    await this.ledOnce.promise;
    await Promise.all([this.reconciler.idle(), this.link.whenConnected()]);
  }

  /**
   * SIGTERM: stop acting, then hand the Lease over so the standby takes over at once instead
   * of waiting out the lease duration.
   */
  async stop(): Promise<void> {
    await this.stopLeading();
    await this.elector?.stop(true);
    await this.watching?.stop();
    this.cloud?.api.close();
  }

  private startLeading(): void {
    if (this.leading) return;
    this.leading = true;
    this.metrics.leader.set(1);
    this.reconciler.start();
    this.link.start();
    this.sweeper.start();
    this.gitOpsSweeper.start();
    this.ledOnce.resolve();
  }

  private stopLeading(): Promise<void> {
    if (!this.leading) return this.stopping;
    this.leading = false;
    this.metrics.leader.set(0);
    this.readiness.cancelAll();
    this.termination.cancelAll();
    this.cloud?.waits.cancelAll();
    // Removals of acknowledged notifications in flight finish; what is still owed stays on the
    // namespaces for the next leader.
    this.stopping = Promise.all([
      this.reconciler.stop(),
      this.link.stop(),
      this.outbox.idle(),
      this.sweeper.stop(),
      this.gitOpsSweeper.stop(),
    ]).then(() => undefined);
    return this.stopping;
  }

  private summaryOf(name: string, now: number) {
    return summarize(this.cache, this.policy, name, now, {
      ...(this.cloud ? { cloud: this.cloud.inventory } : {}),
      ...(this.gitops ? { gitops: this.gitops } : {}),
    });
  }

  private allSummaries() {
    const now = this.options.clock.now();
    return [...this.cache.namespaces.keys()]
      .map((name) => this.summaryOf(name, now))
      .filter((s) => s !== undefined);
  }

  private takeChanges() {
    const now = this.options.clock.now();
    const upserts = [];
    const removed: string[] = [];
    for (const name of this.dirty) {
      const summary = this.summaryOf(name, now);
      if (summary) upserts.push(summary);
      else removed.push(name);
    }
    this.dirty.clear();
    return { upserts, removed };
  }
}
