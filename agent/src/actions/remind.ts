import type { RemindDecision } from '@curfew/core';
import { readCloudRecord } from '@curfew/core';
import * as build from '../notify/build.js';
import { cloudSummary } from '../notify/cloud-resources.js';
import { type ActionEnv, locked } from './env.js';
import { writeNamespace } from './namespace-write.js';

/**
 * A reminder before a scheduled shutdown: the record (`reminder-sent`, `shutdown-at`) and the
 * reminder owed to the owner in ONE patch, then handed to the hub link. A crash after the write
 * leaves it in the outbox for the next leader, so the namespace is never suspended without its
 * reminder; its id comes from the namespace, offset and shutdown, so it is sent once.
 */
export async function remind(env: ActionEnv, namespace: string, decision: RemindDecision) {
  return locked(env, namespace, async (env) => {
    const { ctx, outbox } = env;
    const ns = ctx.cache.namespace(namespace);
    if (!ns) return;
    const now = ctx.clock.now();
    const notification = build.reminder(
      ns,
      ctx.cache.usage(namespace),
      decision.offsetMinutes,
      decision.shutdownAt,
      { now, staleAfterMs: env.staleAfterMs },
    );
    // What stops with it, and what it costs (no lookup: the last one is good enough here).
    if (env.cloud) {
      notification.cloudResources = cloudSummary(
        env.cloud.inventory.known(namespace),
        readCloudRecord(ns.meta.annotations),
        (r) => env.cloud?.inventory.priceOf(r),
      );
    }
    await writeNamespace(ctx, namespace, (current) => ({
      ...decision.annotations,
      ...outbox.adding(current, [{ notification }], now),
    }));
    outbox.deliver(namespace, notification);
  });
}
