import { type ActionEnv, locked } from './env.js';
import { recordEvent } from './namespace-write.js';
import { writeScale } from './scale-write.js';
import { type Due, describe, replanScale } from './time-bomb-due.js';

/**
 * Workloads marked expired whose validity is current again (extended with kubectl, a re-applied
 * manifest with a new timer): back to their recorded count with the marker dropped, in one scale
 * write — or only the marker, when the namespace is asleep or a person already set a count.
 */
export async function revive(env: ActionEnv, namespace: string, due: readonly Due[]) {
  return locked(env, namespace, async (env) => {
    const { ctx } = env;
    for (const { object, decision } of due) {
      if (object.kind === 'Pod') continue;
      const written = await writeScale(ctx, object, (current) =>
        replanScale(ctx, current, 'revive'),
      );
      if (written) {
        await recordEvent(
          ctx,
          namespace,
          'CurfewRevived',
          `${describe(object)}: ${decision.reason}`,
        );
      }
    }
  });
}
