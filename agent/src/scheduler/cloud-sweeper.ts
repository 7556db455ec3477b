/**
 * While leading: every `intervalMs`, look up the cloud again (keeping status and snapshots fresh)
 * and sweep every suspended namespace Curfew stopped cloud resources for (RDS's 7-day restarts,
 * resources people started). One timer; a failed sweep is logged and tried at the next tick.
 */
import { ANNOTATIONS } from '@curfew/core';
import { type ActionEnv, sweepCloud } from '../actions/index.js';

export class CloudSweeper {
  private cancel: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();
  private active = false;

  constructor(
    private readonly env: ActionEnv,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (!this.env.cloud || this.active) return;
    this.active = true;
    this.arm(0);
  }

  async stop(): Promise<void> {
    this.active = false;
    this.cancel?.();
    this.cancel = undefined;
    await this.running;
  }

  /** One pass now (tests, and every tick). */
  async sweep(): Promise<void> {
    const { ctx, cloud } = this.env;
    if (!cloud) return;
    for (const { region, error } of await cloud.inventory.refresh()) {
      ctx.log.warn(
        { region, err: error },
        'cloud lookup failed; status shows the last known states',
      );
    }
    for (const [name, ns] of ctx.cache.namespaces) {
      const a = ns.meta.annotations;
      if (a[ANNOTATIONS.state] !== 'suspended' || !a[ANNOTATIONS.cloudStopped]) continue;
      try {
        await sweepCloud(this.env, name);
      } catch (error) {
        ctx.log.warn({ namespace: name, err: error }, 'cloud sweep failed; trying at the next one');
      }
    }
  }

  private arm(delayMs: number): void {
    const { clock } = this.env.ctx;
    this.cancel = clock.at(clock.now() + delayMs, () => {
      this.running = this.sweep().finally(() => {
        if (this.active) this.arm(this.intervalMs);
      });
    });
  }
}
