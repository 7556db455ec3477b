/**
 * Full-jitter exponential backoff (AWS architecture blog's "full jitter"): a random delay in
 * [0, min(max, base·2^attempt)). Spreads a fleet of agents reconnecting after a hub restart
 * instead of having them all arrive in the same second.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** A connection that stayed healthy this long resets the attempt counter. */
  healthyMs: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: Omit<BackoffOptions, 'random'> = {
  baseMs: 1_000,
  maxMs: 30_000,
  healthyMs: 60_000,
};

export class Backoff {
  private attempt = 0;
  private connectedAt: number | null = null;

  constructor(private readonly options: BackoffOptions) {}

  /** Delay before the next dial. */
  next(): number {
    const ceiling = Math.min(this.options.maxMs, this.options.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.floor(this.options.random() * ceiling);
  }

  connected(now: number) {
    this.connectedAt = now;
  }

  disconnected(now: number) {
    if (this.connectedAt !== null && now - this.connectedAt >= this.options.healthyMs) {
      this.attempt = 0;
    }
    this.connectedAt = null;
  }

  /** The hub asked us to move (Drain): reconnect at once, not after a penalty. */
  reset() {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
