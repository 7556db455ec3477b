import { ANNOTATIONS } from '@curfew/core';
import { type ActionEnv, locked } from './env.js';
import { isStale } from './outbox.js';
import { reportWhenReady, resume } from './resume.js';
import { suspend } from './suspend.js';

/**
 * What a previous agent (or this one, before a failure) left unfinished on a namespace, finished
 * by the leader whenever it reconciles the namespace — at start-up for every namespace:
 * - a suspend or resume in flight (`suspending`/`resuming`): finished with the same steps, which
 *   are idempotent, so repeating those that did complete changes nothing;
 * - notifications owed in the outbox that this agent is not already sending: sent again (same
 *   ids, the hub de-duplicates), or for a resume, the readiness wait started again for the time
 *   that is left and the report sent when it ends. Stale ones are dropped.
 * An action a hub command started (`curfew.dev/action-command`) is finished as that command's:
 * its notification names the command, so the hub records the command's outcome once rather than
 * also taking the finished action for one the agent took by itself.
 * Returns true when it finished an interrupted action (the caller decides again afterwards).
 */
export async function recover(env: ActionEnv, namespace: string): Promise<boolean> {
  const { ctx } = env;
  const ns = ctx.cache.namespace(namespace);
  if (!ns) return false;
  const state = ns.meta.annotations[ANNOTATIONS.state];
  const commandId = ns.meta.annotations[ANNOTATIONS.actionCommand];
  const ofCommand = commandId ? { commandId } : {};
  if (state === 'suspending') {
    ctx.log.info({ namespace, commandId }, 'finishing an interrupted suspend');
    // The suspend's actor is on the namespace (`suspended-by`, written with `suspending`).
    const actor = ns.meta.annotations[ANNOTATIONS.suspendedBy] ?? '';
    await suspend(env, namespace, { kind: 'recovery', actor, ...ofCommand });
    return true;
  }
  if (state === 'resuming') {
    ctx.log.info({ namespace, commandId }, 'finishing an interrupted resume');
    await resume(env, namespace, { kind: 'recovery', actor: '', ...ofCommand });
    return true;
  }
  resendOwed(env, namespace);
  return false;
}

/** Sends what the namespace's outbox holds and this agent is not sending already. */
export function resendOwed(env: ActionEnv, namespace: string): void {
  const { ctx, outbox } = env;
  const annotations = ctx.cache.namespace(namespace)?.meta.annotations;
  if (!annotations || annotations[ANNOTATIONS.outbox] === undefined) return;
  const now = ctx.clock.now();
  const stale: string[] = [];
  for (const entry of outbox.read(annotations)) {
    const { id } = entry.notification;
    if (outbox.has(id)) continue;
    if (isStale(entry.notification, now)) {
      outbox.track(id, namespace);
      stale.push(id);
    } else if (entry.readyBy !== undefined) {
      ctx.log.info({ namespace, notification: id }, 'waiting again for an owed readiness report');
      void reportWhenReady(env, namespace, entry);
    } else {
      ctx.log.info({ namespace, notification: id }, 'sending an owed notification again');
      outbox.deliver(namespace, entry.notification);
    }
  }
  if (stale.length > 0) outbox.settled(stale);
}

/** Whether an action on the namespace was interrupted half-way (`suspending` / `resuming`). */
export function interrupted(env: ActionEnv, namespace: string): boolean {
  const state = env.ctx.cache.namespace(namespace)?.meta.annotations[ANNOTATIONS.state];
  return state === 'suspending' || state === 'resuming';
}

/**
 * Finishes an interrupted action on the namespace before a hub command goes on, under the
 * namespace's lock — so it waits for a recovery the reconciler is running, and never runs one
 * twice. A command the previous agent had started is answered only after this: its answer
 * describes the finished namespace, not one half suspended.
 */
export async function finishInterrupted(env: ActionEnv, namespace: string): Promise<void> {
  await locked(env, namespace, async (held) => {
    if (interrupted(held, namespace)) await recover(held, namespace);
  });
}
