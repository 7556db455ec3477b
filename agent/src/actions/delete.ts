import { type ActionCause, actorOf, causeNote } from '@curfew/core';
import { isNotFound } from '../kube/errors.js';
import * as build from '../notify/build.js';
import { type ActionEnv, locked } from './env.js';
import { recordEvent } from './namespace-write.js';
import { withRetry } from './retry.js';

/**
 * Deletes a namespace: the Event first (it is deleted with the namespace, but shows in
 * `kubectl describe` while it terminates), then the DELETE, then the outcome to the owner.
 * Needs no command-id record: a repeat finds the namespace gone. Its outcome is the one
 * notification not persisted in the outbox — the namespace it would live on is going away; the
 * requester still gets the command's result from the hub.
 */
export async function deleteNamespace(
  env: ActionEnv,
  namespace: string,
  cause: ActionCause,
): Promise<{ message: string }> {
  return locked(env, namespace, async (env) => {
    const { ctx } = env;
    const ns = ctx.cache.namespace(namespace);
    const actor = actorOf(cause);
    await recordEvent(
      ctx,
      namespace,
      'CurfewDeleting',
      `Namespace deleted by ${actor}${causeNote(cause)}`,
    );
    await withRetry(ctx.retry, () => ctx.kube.deleteNamespace(namespace)).catch((error) => {
      if (!isNotFound(error)) throw error;
    });
    ctx.metrics.actions.inc({ action: 'delete', outcome: 'succeeded' });
    const message = `${namespace} is being deleted (requested by ${actor}).`;
    if (ns) {
      env.notify(
        build.outcome(
          ns,
          actor,
          message,
          { now: ctx.clock.now(), staleAfterMs: env.staleAfterMs },
          cause.kind === 'command' ? cause.commandId : undefined,
        ),
      );
    }
    return { message };
  });
}
