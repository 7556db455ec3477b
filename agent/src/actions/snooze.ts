import { type ActionCause, actorOf, commandIdOf, formatDuration, planSnooze } from '@curfew/core';
import { observeExisting } from '../kube/observe.js';
import * as build from '../notify/build.js';
import { type ActionEnv, locked } from './env.js';
import { recordEvent, writeNamespace } from './namespace-write.js';
import { type ResumeResult, resume } from './resume.js';

export interface SnoozeResult {
  message: string;
  /** Set when the namespace was suspended and had to be resumed first. */
  resumed?: ResumeResult;
}

/**
 * Snooze / prolong: core's plan moves the shutdown. On a running namespace that is one PATCH —
 * the snooze, the command id and the outcome owed to the owner together — so a repeated command
 * cannot snooze twice and a crash cannot lose the outcome. On a suspended one it is a resume whose
 * final write carries the snooze and the outcome. Throws CurfewInputError for bad input.
 */
export async function snooze(
  env: ActionEnv,
  namespace: string,
  cause: ActionCause,
  durationMs: number,
): Promise<SnoozeResult> {
  return locked(env, namespace, async (env) => {
    const { ctx, outbox } = env;
    const { ns, obs } = observeExisting(ctx.cache, namespace);
    const now = ctx.clock.now();
    const plan = planSnooze(obs, env.policy, now, durationMs);
    const actor = actorOf(cause);
    const commandId = commandIdOf(cause);
    const outcome = build.outcome(
      ns,
      actor,
      plan.message,
      { now, staleAfterMs: env.staleAfterMs },
      commandId,
    );
    if (plan.resume) {
      const resumed = await resume(env, namespace, cause, {
        extra: plan.annotations,
        owe: [outcome],
      });
      return { message: plan.message, resumed };
    }
    await writeNamespace(
      ctx,
      namespace,
      (current) => ({
        ...plan.annotations,
        ...outbox.adding(current, [{ notification: outcome }], now),
      }),
      commandId ? { commandId } : {},
    );
    await recordEvent(
      ctx,
      namespace,
      'CurfewSnoozed',
      `Shutdown moved by ${formatDuration(durationMs)} by ${actor}${commandId ? ` (command ${commandId})` : ''}`,
    );
    outbox.deliver(namespace, outcome);
    return { message: plan.message };
  });
}
