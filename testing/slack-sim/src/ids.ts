/**
 * Identifier factories shaped like Slack's: message timestamps (`1700000000.000100`, unique
 * per channel and increasing), channel/user/view ids with their letter prefixes, and
 * trigger ids.
 */
export class SlackIds {
  private lastTsMicros = 0;
  private counter = 0;

  constructor(private readonly now: () => number) {}

  /** A message `ts`: seconds with six decimals, strictly increasing across the workspace. */
  messageTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${fraction}`;
  }

  /** An id with Slack's type prefix: C channel, D direct message, U user, V view. */
  next(prefix: 'C' | 'D' | 'U' | 'V' | 'B' | 'A' | 'E'): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(9, '0')}`;
  }

  triggerId(): string {
    this.counter += 1;
    return `${this.counter}.1000000001.${Math.floor(this.now()).toString(16).padStart(12, '0')}`;
  }
}
