import { seededRandom } from './random.js';

export interface ErrorFault {
  /** Verb to hit (`list`, `patch`…); every verb when omitted. */
  verb?: string;
  /** Resource plural (`pods`, `deployments`); every resource when omitted. */
  resource?: string;
  /** Fraction of matching requests answered with the error, 0..1. */
  rate: number;
  code: 429 | 500;
  /** Sent as Retry-After on 429 (and in Status details). Default 1. */
  retryAfterSeconds?: number;
}

export interface FaultConfig {
  latencyMs?: number;
  errors?: ErrorFault[];
  /** Chance, per delivered watch event, that the watch connection is cut instead. */
  watchDropRate?: number;
  /**
   * Open watches go silent and ignore their deadline: a server or proxy that stopped answering
   * while the TCP connection stays up (loopback never loses a keepalive probe, so only a client's
   * own deadline notices). Watches opened meanwhile hang too. Turning it off helps only watches
   * opened afterwards: a stalled one stays silent until the client closes it, since a stream that
   * skipped events and then went on (a later event, a bookmark) is a gap no real server makes,
   * and would move the client's resourceVersion past events it never received.
   */
  stallWatches?: boolean;
  seed?: number;
}

/**
 * Fault injection knobs, changeable while the server runs. Randomness is seeded so a failing
 * test replays the same faults.
 */
export class Faults {
  latencyMs = 0;
  errors: ErrorFault[] = [];
  watchDropRate = 0;
  watchesStalled = false;
  private random: () => number;
  private readonly watchClosers = new Set<() => void>();
  private readonly watchStallers = new Set<() => void>();

  constructor(cfg: FaultConfig = {}) {
    this.random = seededRandom(cfg.seed ?? 1);
    this.configure(cfg);
  }

  configure(cfg: FaultConfig): void {
    if (cfg.seed !== undefined) this.random = seededRandom(cfg.seed);
    if (cfg.latencyMs !== undefined) this.latencyMs = cfg.latencyMs;
    if (cfg.errors !== undefined) this.errors = [...cfg.errors];
    if (cfg.watchDropRate !== undefined) this.watchDropRate = cfg.watchDropRate;
    if (cfg.stallWatches !== undefined) {
      this.watchesStalled = cfg.stallWatches;
      if (cfg.stallWatches) for (const stall of [...this.watchStallers]) stall();
    }
  }

  reset(): void {
    this.latencyMs = 0;
    this.errors = [];
    this.watchDropRate = 0;
    this.watchesStalled = false;
  }

  /** The error to answer this request with, if a fault fires. */
  pickError(verb: string, resource: string): ErrorFault | undefined {
    for (const f of this.errors) {
      if (f.verb !== undefined && f.verb !== verb) continue;
      if (f.resource !== undefined && f.resource !== resource) continue;
      if (this.random() < f.rate) return f;
    }
    return undefined;
  }

  shouldDropWatch(): boolean {
    return this.watchDropRate > 0 && this.random() < this.watchDropRate;
  }

  /** Cuts every open watch connection now, like an apiserver restart or a load balancer timeout. */
  dropWatches(): number {
    const n = this.watchClosers.size;
    for (const close of [...this.watchClosers]) close();
    return n;
  }

  trackWatch(close: () => void): () => void {
    this.watchClosers.add(close);
    return () => this.watchClosers.delete(close);
  }

  /** Calls `stall` when watches are stalled while this one is open; returns the untrack. */
  onStall(stall: () => void): () => void {
    this.watchStallers.add(stall);
    return () => this.watchStallers.delete(stall);
  }
}
