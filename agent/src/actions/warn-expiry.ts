import { ANNOTATIONS } from '@curfew/core';
import type { NamespaceObject } from '../kube/types.js';
import * as build from '../notify/build.js';
import { type ActionEnv, locked } from './env.js';
import { recordEvent, writeNamespace } from './namespace-write.js';
import type { Due } from './time-bomb-due.js';
import { describe } from './time-bomb-due.js';
import { writeWorkloadMetadata } from './workload-write.js';

/**
 * Expiry warnings for one namespace (core's `warn` decisions), one notification for all of them
 * with Extend buttons. Owed first (the outbox on the namespace), then each workload's record, then
 * sent: a crash in between re-decides the same warnings, whose id is derived from the objects and
 * the offset, so the owner gets one message. Returns the records of bare Pods, which the agent
 * keeps in memory (it patches Pods only to extend them).
 */
export async function warnExpiry(
  env: ActionEnv,
  ns: NamespaceObject,
  warns: readonly Due[],
): Promise<Map<string, string>> {
  const namespace = ns.meta.name;
  return locked(env, namespace, async (env) => {
    const { ctx, outbox } = env;
    const now = ctx.clock.now();
    const offset = Math.min(
      ...warns.map((d) => (d.decision.kind === 'warn' ? d.decision.offsetMinutes : 0)),
    );
    const notification = build.expiryWarning(
      ns,
      warns.map((d) => build.workloadRef(d.object, null)),
      offset,
      { now, staleAfterMs: env.staleAfterMs },
    );
    await writeNamespace(ctx, namespace, (current) =>
      outbox.adding(current, [{ notification }], now),
    );
    // Ours to send once the records are written; a fresh agent sends it if this one dies first.
    outbox.track(notification.id, namespace);
    const podRecords = new Map<string, string>();
    for (const { object, decision } of warns) {
      if (decision.kind !== 'warn') continue;
      if (object.kind === 'Pod') {
        podRecords.set(object.meta.name, decision.annotations[ANNOTATIONS.expiryWarned] ?? '');
      } else {
        await writeWorkloadMetadata(ctx, object, () => ({ annotations: decision.annotations }));
      }
    }
    await recordEvent(
      ctx,
      namespace,
      'CurfewExpiryWarning',
      `Time bombs go off in ${offset} minutes or less: ${warns.map((d) => describe(d.object)).join(', ')}`,
    );
    ctx.metrics.actions.inc({ action: 'expiry_warning', outcome: 'succeeded' });
    outbox.deliver(namespace, notification);
    return podRecords;
  });
}
