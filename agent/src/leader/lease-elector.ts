import type { Clock } from '@curfew/core';
import type { Logger } from 'pino';
import { isConflict, isNotFound } from '../kube/errors.js';
import type { KubeApi, LeaseObject } from '../kube/types.js';

export interface ElectorOptions {
  kube: KubeApi;
  clock: Clock;
  log: Logger;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, following client-go's rules: try every
 * retry period; take the Lease when it is free, released (empty holder) or not renewed for a
 * lease duration; the leader renews every retry period and steps down when it could not
 * renew for the renew deadline — shorter than the lease, so it stops acting before anyone
 * else may start. Every write is a full replace guarded by resourceVersion, so two replicas
 * racing for an expired Lease cannot both win: the loser gets 409.
 */
export class LeaseElector {
  private leading = false;
  private stopped = true;
  private lastRenew = 0;
  private cancelTimer: (() => void) | undefined;
  private current: LeaseObject | null = null;
  private running: Promise<void> | undefined;

  constructor(private readonly options: ElectorOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops campaigning; with `release`, hands the Lease over at once (used on SIGTERM). */
  async stop(release = true): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.running;
    if (this.leading) {
      this.leading = false;
      this.options.onStoppedLeading();
      if (release) await this.release();
    }
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    this.cancelTimer = this.options.clock.at(this.options.clock.now() + delayMs, () => {
      this.running = this.tick();
    });
  }

  private async tick(): Promise<void> {
    const { clock, log, renewDeadlineMs, retryPeriodMs } = this.options;
    let held = false;
    try {
      held = await this.tryAcquireOrRenew();
    } catch (error) {
      log.warn({ err: error }, 'lease acquire/renew failed');
    }
    if (this.stopped) return;
    const now = clock.now();
    if (held) {
      this.lastRenew = now;
      if (!this.leading) {
        this.leading = true;
        log.info({ lease: this.options.name }, 'became leader');
        this.options.onStartedLeading();
      }
    } else if (this.leading && now - this.lastRenew >= renewDeadlineMs) {
      this.leading = false;
      log.warn({ lease: this.options.name }, 'lost leadership: renew deadline passed');
      this.options.onStoppedLeading();
    }
    this.schedule(retryPeriodMs);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { kube, clock, namespace, name, identity, leaseDurationMs } = this.options;
    const now = clock.now();
    const existing = await kube.getLease(namespace, name);
    const seconds = Math.ceil(leaseDurationMs / 1000);
    if (!existing) {
      try {
        this.current = await kube.createLease({
          namespace,
          name,
          resourceVersion: '',
          holderIdentity: identity,
          leaseDurationSeconds: seconds,
          acquireTime: now,
          renewTime: now,
          leaseTransitions: 0,
        });
        return true;
      } catch (error) {
        if (isConflict(error)) return false;
        throw error;
      }
    }
    const mine = existing.holderIdentity === identity;
    const expired = existing.renewTime + existing.leaseDurationSeconds * 1000 <= now;
    if (!mine && existing.holderIdentity !== '' && !expired) return false;
    try {
      this.current = await kube.replaceLease({
        ...existing,
        holderIdentity: identity,
        leaseDurationSeconds: seconds,
        renewTime: now,
        acquireTime: mine ? existing.acquireTime : now,
        leaseTransitions: mine ? existing.leaseTransitions : existing.leaseTransitions + 1,
      });
      return true;
    } catch (error) {
      if (isConflict(error) || isNotFound(error)) return false;
      throw error;
    }
  }

  /** Like client-go's ReleaseOnCancel: empty holder, so the standby takes over on its next try. */
  private async release(): Promise<void> {
    const { kube, clock, log, identity } = this.options;
    try {
      const lease = this.current;
      if (!lease || lease.holderIdentity !== identity) return;
      await kube.replaceLease({
        ...lease,
        holderIdentity: '',
        leaseDurationSeconds: 1,
        renewTime: clock.now(),
      });
      log.info({ lease: this.options.name }, 'released leadership');
    } catch (error) {
      log.warn({ err: error }, 'could not release the lease; the standby waits for it to expire');
    }
  }
}
