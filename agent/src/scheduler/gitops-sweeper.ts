/**
 * While leading: at once, then every `intervalMs`, list the GitOps reconcilers again (status and
 * snapshots stay fresh) and restore those Curfew paused for namespaces that are no longer
 * suspended. Says once what it found of the three kinds (and again only when that changes). When
 * none of their CRDs is served the feature is off: one log line, no timer, no more requests (a
 * CRD installed later is found when an agent next becomes leader). A failed sweep is logged and
 * tried at the next tick.
 */
import { type ActionEnv, sweepReconcilers } from '../actions/index.js';
import { RECONCILER_KINDS } from '../gitops/reconciler-registry.js';

export class GitOpsSweeper {
  private cancel: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();
  private active = false;
  private said = '';

  constructor(
    private readonly env: ActionEnv,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (!this.env.gitops || this.active) return;
    this.active = true;
    // Another agent may have paused or restored reconcilers while this one was not leading.
    this.env.gitops.invalidate();
    this.running = this.sweep().then((on) => {
      if (on && this.active) this.arm(this.intervalMs);
    });
  }

  async stop(): Promise<void> {
    this.active = false;
    this.cancel?.();
    this.cancel = undefined;
    await this.running;
  }

  /** One pass now (tests, and every tick); false when no reconciler kind is served at all. */
  async sweep(): Promise<boolean> {
    const { gitops, ctx } = this.env;
    if (!gitops) return false;
    try {
      await sweepReconcilers(this.env);
    } catch (error) {
      ctx.log.warn({ err: error }, 'GitOps sweep failed; trying at the next one');
      return true;
    }
    const kinds = Object.fromEntries(RECONCILER_KINDS.map((k) => [k, gitops.availabilityOf(k)]));
    const served = RECONCILER_KINDS.filter((k) => kinds[k] === 'served');
    const forbidden = RECONCILER_KINDS.filter((k) => kinds[k] === 'forbidden');
    const text = JSON.stringify(kinds);
    if (text !== this.said) {
      this.said = text;
      this.say(kinds, served, forbidden);
    }
    return served.length > 0;
  }

  private say(
    kinds: Record<string, unknown>,
    served: readonly string[],
    forbidden: readonly string[],
  ): void {
    const { ctx } = this.env;
    if (served.length === 0 && forbidden.length === 0) {
      ctx.log.info(
        { kinds },
        'GitOps-aware suspend off: no Argo CD Application or Flux Kustomization/HelmRelease CRD is served (an agent finds them when it next becomes leader)',
      );
    } else if (forbidden.length > 0) {
      ctx.log.warn(
        { kinds },
        `GitOps-aware suspend cannot change ${forbidden.join(', ')}: install the agent chart with gitops.enabled=true (RBAC)`,
      );
    } else {
      ctx.log.info({ kinds }, `GitOps-aware suspend on for ${served.join(', ')}`);
    }
  }

  private arm(delayMs: number): void {
    const { clock } = this.env.ctx;
    this.cancel = clock.at(clock.now() + delayMs, () => {
      this.running = this.sweep().then(() => {
        if (this.active) this.arm(this.intervalMs);
      });
    });
  }
}
