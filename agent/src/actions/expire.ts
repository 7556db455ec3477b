import type { NamespaceObject } from '../kube/types.js';
import * as build from '../notify/build.js';
import { type ActionEnv, locked } from './env.js';
import { recordEvent, writeNamespace } from './namespace-write.js';
import { withRetry } from './retry.js';
import { writeScale } from './scale-write.js';
import { type Due, describe, replanScale } from './time-bomb-due.js';

/**
 * Time bombs that went off in one namespace (core's `expire` and `delete` decisions): workloads
 * scaled to 0 (the count recorded and the expiry marked in the same write, through writeScale),
 * bare Pods deleted. The EXPIRED notification is written to the outbox FIRST, since afterwards
 * nothing is due any more and a crash would lose it; its id comes from the objects and their
 * validity, so an agent redoing the rest after a crash owes the same one. `notify: false` for
 * support pods, whose namespace has no owner.
 */
export async function expire(
  env: ActionEnv,
  ns: NamespaceObject,
  due: readonly Due[],
  options: { notify: boolean } = { notify: true },
): Promise<void> {
  const namespace = ns.meta.name;
  return locked(env, namespace, async (env) => {
    const { ctx, outbox } = env;
    const now = ctx.clock.now();
    const notification = options.notify
      ? build.expired(
          ns,
          due.map((d) => build.workloadRef(d.object, null)),
          { now, staleAfterMs: env.staleAfterMs },
          due.flatMap(({ object, decision }) =>
            decision.kind === 'expire' && decision.keptRecord !== undefined
              ? [
                  {
                    name: object.meta.name,
                    resourceVersion: object.meta.resourceVersion,
                    kept: decision.keptRecord,
                  },
                ]
              : [],
          ),
        )
      : undefined;
    if (notification) {
      await writeNamespace(ctx, namespace, (current) =>
        outbox.adding(current, [{ notification }], now),
      );
      // Ours to send once the effects are done; a fresh agent sends it if this one dies first.
      outbox.track(notification.id, namespace);
    }
    await Promise.all(due.map((d) => ctx.limiter.run(() => end(env, d))));
    if (notification) outbox.deliver(namespace, notification);
  });
}

async function end(env: ActionEnv, { object, decision }: Due): Promise<void> {
  const { ctx } = env;
  const { namespace, name } = object.meta;
  if (object.kind === 'Pod') {
    const deleted = await withRetry(ctx.retry, () => ctx.kube.deletePod(namespace, name));
    if (!deleted) return;
    ctx.metrics.actions.inc({ action: 'expire_pod', outcome: 'succeeded' });
    await recordEvent(ctx, namespace, 'CurfewExpired', `Pod ${name} deleted: ${decision.reason}`);
    return;
  }
  const written = await writeScale(ctx, object, (current) => replanScale(ctx, current, 'expire'));
  if (!written) return;
  ctx.metrics.actions.inc({ action: 'expire', outcome: 'succeeded' });
  await recordEvent(
    ctx,
    namespace,
    'CurfewExpired',
    `${describe(object)} scaled to 0 (was ${object.replicas}): ${decision.reason}`,
  );
}
