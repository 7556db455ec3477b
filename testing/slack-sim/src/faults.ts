/**
 * Scripted misbehaviour, per Web API method (or `*` for any). Each knob applies to the
 * next `times` calls of the method, in the order the knobs were set.
 *
 * - `rateLimit`: HTTP 429 with `Retry-After` (seconds) and nothing done — what Slack
 *   answers when a tier or the per-channel message limit is exceeded.
 * - `fail`: HTTP 200 `{ok:false, error}`, nothing done.
 * - `httpError`: a bare 5xx, nothing done.
 * - `delay`: the call IS carried out, but the answer comes `ms` later — so a client with a
 *   shorter timeout sees a failure for something that in fact succeeded.
 */
export type Fault =
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'fail'; error: string }
  | { kind: 'httpError'; status: number }
  | { kind: 'delay'; ms: number };

interface Armed {
  method: string;
  fault: Fault;
  remaining: number;
}

export class FaultKnobs {
  private armed: Armed[] = [];

  rateLimit(method: string, options: { times?: number; retryAfterSeconds?: number } = {}): void {
    this.arm(method, options.times, {
      kind: 'rateLimit',
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
    });
  }

  fail(method: string, options: { times?: number; error?: string } = {}): void {
    this.arm(method, options.times, { kind: 'fail', error: options.error ?? 'internal_error' });
  }

  httpError(method: string, options: { times?: number; status?: number } = {}): void {
    this.arm(method, options.times, { kind: 'httpError', status: options.status ?? 500 });
  }

  delay(method: string, ms: number, options: { times?: number } = {}): void {
    this.arm(method, options.times, { kind: 'delay', ms });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault for this call of `method`, if any; consumes one use of it. */
  take(method: string): Fault | undefined {
    const armed = this.armed.find((a) => a.method === method || a.method === '*');
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed = this.armed.filter((a) => a !== armed);
    return armed.fault;
  }

  private arm(method: string, times: number | undefined, fault: Fault): void {
    const remaining = times ?? 1;
    if (!Number.isInteger(remaining) || remaining < 1) {
      throw new Error(`slack-sim: "times" must be a positive integer, got ${times}`);
    }
    this.armed.push({ method, fault, remaining });
  }
}
