/**
 * A stable key for "this Slack request", equal across Slack's retries and replays of it.
 * trigger_id is unique per user interaction; events carry event_id; as a fallback the
 * action's timestamp plus the user.
 */
export function requestKey(body: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  const user = userId(body);
  if (typeof body.trigger_id === 'string' && body.trigger_id !== '') {
    return `trigger:${body.trigger_id}:${user ?? ''}`;
  }
  const actions = body.actions;
  if (Array.isArray(actions) && actions.length > 0) {
    const first = actions[0] as { action_ts?: unknown; action_id?: unknown };
    if (typeof first.action_ts === 'string') {
      return `action:${first.action_ts}:${String(first.action_id)}:${user ?? ''}`;
    }
  }
  return undefined;
}

function userId(body: Record<string, unknown>): string | undefined {
  if (typeof body.user_id === 'string') return body.user_id;
  const user = body.user as { id?: unknown } | undefined;
  return typeof user?.id === 'string' ? user.id : undefined;
}
