/**
 * Command ids remembered on the objects a command changed, so "this command took effect" and its
 * effect are written in one PATCH: a restarted agent that gets the id again (the hub re-delivers
 * until it has a result) knows it already ran, and a repeated snooze or extend does not count
 * twice. A comma-separated list, newest last.
 */

/** How many ids an object remembers: the hub retries a command for minutes, not days. */
export const REMEMBERED_COMMAND_IDS = 20;

export function commandIdsOf(text: string | undefined): string[] {
  return text ? text.split(',').filter((id) => id !== '') : [];
}

/** The list with `id` appended (moved to the end if present), keeping the newest `limit`. */
export function rememberCommandId(
  text: string | undefined,
  id: string,
  limit: number = REMEMBERED_COMMAND_IDS,
): string {
  const ids = commandIdsOf(text).filter((known) => known !== id);
  ids.push(id);
  return ids.slice(-limit).join(',');
}
