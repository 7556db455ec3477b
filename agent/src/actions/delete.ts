import {
  type ActionCause,
  actorOf,
  causeNote,
  type TerminationReport,
  terminationReport,
} from '@curfew/core';
import { isNotFound } from '../kube/errors.js';
import * as build from '../notify/build.js';
import { type ActionEnv, locked } from './env.js';
import { recordEvent } from './namespace-write.js';
import { withRetry } from './retry.js';

/**
 * Deletes a namespace: the Event first (it is deleted with the namespace, but shows in
 * `kubectl describe` while it terminates), then the DELETE, then the outcome to the owner.
 * Needs no command-id record: a repeat finds the namespace terminating or gone. Its outcome is the
 * one notification not persisted in the outbox — the namespace it would live on is going away; the
 * requester still gets the command's result from the hub.
 *
 * The DELETE only starts the deletion: `message` says "deleting" at once, `gone` settles when
 * Kubernetes has really removed the namespace, or says what holds it after
 * `deleteStuckAfterMs` (null when the agent stops waiting; the next one waits again).
 */
export async function deleteNamespace(
  env: ActionEnv,
  namespace: string,
  cause: ActionCause,
): Promise<{ message: string; gone: Promise<TerminationReport | null> }> {
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
    if (ns) {
      env.notify(
        build.outcome(
          ns,
          actor,
          `${namespace} is being deleted (requested by ${actor}).`,
          { now: ctx.clock.now(), staleAfterMs: env.staleAfterMs },
          cause.kind === 'command' ? cause.commandId : undefined,
        ),
      );
    }
    return { message: deletingMessage(namespace, env), gone: awaitDeletion(env, namespace) };
  });
}

/**
 * A namespace already terminating (deleted earlier, by Curfew or anyone): nothing is sent to
 * Kubernetes again; the caller waits for it to go like after its own DELETE.
 */
export function awaitDeletion(
  env: ActionEnv,
  namespace: string,
): Promise<TerminationReport | null> {
  return env.termination.wait(namespace, env.deleteStuckAfterMs);
}

function deletingMessage(namespace: string, env: ActionEnv): string {
  const now = env.ctx.clock.now();
  const report = terminationReport(
    namespace,
    { deletionStartedAt: now, finalizers: [], conditions: [] },
    now,
    env.deleteStuckAfterMs,
  );
  return report.message;
}
