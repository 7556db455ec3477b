import type { SimMessage, SimUser, SimWorkspace } from '../workspace.js';

export type SlackResult = { ok: true; [key: string]: unknown } | { ok: false; error: string };

export type MethodArgs = Record<string, unknown>;

export interface MethodContext {
  workspace: SimWorkspace;
  now: () => number;
  /** Trigger ids the sim handed out in interaction payloads, with when (epoch ms). */
  triggers: Map<string, number>;
}

export type MethodHandler = (ctx: MethodContext, args: MethodArgs) => SlackResult;

export function fail(error: string): SlackResult {
  return { ok: false, error };
}

/** A string argument; form-encoded calls send everything as strings. */
export function str(args: MethodArgs, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * A structured argument (blocks, view, metadata). The WebClient sends these as JSON
 * strings inside a form body; JSON-bodied calls send them as values.
 */
export function json(args: MethodArgs, name: string): unknown | 'invalid' | undefined {
  const value = args[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return 'invalid';
  }
}

export function truthy(args: MethodArgs, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** A message as the Web API returns it. */
export function messageJson(
  workspace: SimWorkspace,
  message: SimMessage,
  withMetadata: boolean,
): Record<string, unknown> {
  const fromBot = message.user === workspace.identity.botUserId;
  return {
    type: 'message',
    user: message.user,
    text: message.text,
    blocks: message.blocks,
    ts: message.ts,
    team: workspace.identity.teamId,
    ...(fromBot ? { bot_id: workspace.identity.botId, app_id: workspace.identity.appId } : {}),
    ...(message.updatedAt === undefined
      ? {}
      : { edited: { user: message.user, ts: String(message.updatedAt / 1000) } }),
    ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
  };
}

export function userJson(workspace: SimWorkspace, user: SimUser): Record<string, unknown> {
  return {
    id: user.id,
    team_id: workspace.identity.teamId,
    name: user.name,
    real_name: user.realName,
    deleted: user.deleted,
    is_bot: user.isBot,
    tz: user.tz,
    profile: {
      real_name: user.realName,
      display_name: user.name,
      ...(user.email === undefined ? {} : { email: user.email }),
    },
  };
}
