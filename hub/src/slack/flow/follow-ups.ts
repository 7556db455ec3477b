/**
 * Messages still waiting for a slow or offline cluster. The replica that took the Slack
 * request may be gone by the time the cluster answers or the command expires, so what the
 * message needs — where it is (response_url or channel + ts) and what it says — is stored in
 * Redis with the command id, and whichever replica learns the outcome writes it:
 * - every replica hears "command finished" (a pub/sub hint) and looks;
 * - every replica also sweeps the stored follow-ups, for hints lost in a Redis hiccup or a
 *   replica that died between storing a result and announcing it;
 * - a claim (FollowUpStore.finishOnce) makes one of them write it; one that dies mid-way leaves the record,
 *   and the claim expires, so another one finishes it.
 */
import type { CommandDispatcher } from '../../ports.js';
import { type ShownOutcome, showOutcome } from './action-outcome.js';
import type { SlackContext } from './context.js';
import { replyTo } from './reply.js';

/**
 * Writes the outcome of a stored follow-up if its command has finished; does nothing while
 * it is pending, when another replica is writing it, or when there is none. Answers whether
 * the command is still pending. `fromIndex`: the id came from the follow-ups' index (the
 * sweep), so an index entry without its record is dropped here; a "command finished" hint
 * names every finished command, nearly all without a follow-up, and leaves that to the sweep
 * (one Redis write fewer on every command's outcome, on every replica).
 */
export async function finishFollowUp(
  ctx: SlackContext,
  commandId: string,
  fromIndex = true,
): Promise<'pending' | 'settled'> {
  const followUp = await ctx.followUps.get(commandId);
  if (!followUp) {
    // The record expired (or was finished): drop a stale index entry with it.
    if (fromIndex) await ctx.followUps.remove(commandId);
    return 'settled';
  }
  const outcome = await ctx.dispatcher.outcome(commandId);
  if (outcome === null) {
    // The hub no longer knows the command (kept a day after it finished): nothing to show.
    ctx.logger.warn({ commandId }, 'slack follow-up for a command the hub no longer knows');
    await ctx.followUps.remove(commandId);
    return 'settled';
  }
  if (outcome.state === 'pending') return 'pending';
  const shown: ShownOutcome = outcome;
  await ctx.followUps.finishOnce(commandId, ctx.clock.now(), async () => {
    await showOutcome(ctx, followUp.facts, replyTo(ctx.outbox, followUp.reply), shown);
    await ctx.followUps.remove(commandId);
  });
  return 'settled';
}

/** Runs on every replica: finishes follow-ups on "command finished" hints and on a timer. */
export class FollowUpRunner {
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #sweeping = false;

  constructor(
    private readonly ctx: SlackContext,
    private readonly dispatcher: CommandDispatcher,
    private readonly sweepIntervalMs: number,
  ) {}

  start(): void {
    this.#unsubscribe = this.dispatcher.onFinished(
      (commandId) => void this.#finish(commandId, false),
    );
    this.#timer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.#timer.unref();
  }

  stop(): void {
    this.#unsubscribe?.();
    clearInterval(this.#timer);
  }

  /** Looks at every stored follow-up once (oldest first, a batch at a time). */
  async sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      const now = this.ctx.clock.now();
      for (const commandId of await this.ctx.followUps.due(now)) {
        if ((await this.#finish(commandId, true)) === 'pending') {
          await this.ctx.followUps.postpone(commandId, now + this.sweepIntervalMs);
        }
      }
    } catch (error) {
      this.ctx.logger.warn({ err: String(error) }, 'slack follow-up sweep failed');
    } finally {
      this.#sweeping = false;
    }
  }

  async #finish(commandId: string, fromIndex: boolean): Promise<'pending' | 'settled' | 'failed'> {
    try {
      return await finishFollowUp(this.ctx, commandId, fromIndex);
    } catch (error) {
      this.ctx.logger.error({ err: String(error), commandId }, 'slack outcome update failed');
      return 'failed';
    }
  }
}
