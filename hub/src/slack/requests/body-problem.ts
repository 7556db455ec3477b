import { parse as parseForm } from 'node:querystring';
import { z } from 'zod';
import { handlesActionId } from '../blocks/action-ids.js';

const FORM = 'application/x-www-form-urlencoded';

/** What the slash-command handler reads; Slack always sends all of it. */
const SlashCommand = z.object({
  command: z.string().min(1),
  user_id: z.string().min(1),
  text: z.string(),
  response_url: z.string().min(1),
});

/** What the button/select handlers read (begin-action.ts); Slack sends one action per click. */
const BlockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1) }),
  container: z.object({ type: z.string() }),
  response_url: z.string().optional(),
  actions: z
    .array(z.object({ action_id: z.string().min(1), block_id: z.string().optional() }))
    .min(1),
});

const Event = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string() }),
  z.object({ type: z.literal('event_callback'), event: z.object({ type: z.string().min(1) }) }),
  // Slack tells the request URL it is dropping events; Bolt acknowledges it.
  z.object({ type: z.literal('app_rate_limited') }),
]);

/**
 * Why a signed Slack request body is nothing the hub handles, or undefined when it is one.
 * Parsed as Bolt parses it (a form, a form's `payload=` JSON, or JSON). Without this,
 * `payload=null` crashes Bolt (500) and an action no listener matches waits for Bolt's
 * 3 s unhandled-request timeout and then answers 404; both are a 400 at once.
 */
export function slackBodyProblem(
  body: string,
  contentType: string | undefined,
): string | undefined {
  if (contentType === FORM) {
    const form = parseForm(body);
    if (form.ssl_check !== undefined) return undefined;
    if (form.payload === undefined) return problemOf(SlashCommand, form, 'slash command');
    if (typeof form.payload !== 'string') return 'more than one payload field';
    const payload = parseJson(form.payload);
    if (payload === undefined) return 'the payload is not JSON';
    return interactionProblem(payload);
  }
  const json = parseJson(body);
  if (json === undefined) return 'the body is neither a form nor JSON';
  return problemOf(Event, json, 'event');
}

function interactionProblem(payload: unknown): string | undefined {
  const type = (payload as { type?: unknown } | null)?.type;
  if (type !== 'block_actions') {
    return `the hub handles no interaction of type ${JSON.stringify(type ?? null)}`;
  }
  const problem = problemOf(BlockActions, payload, 'block_actions payload');
  if (problem !== undefined) return problem;
  const actions = BlockActions.parse(payload);
  const unknown = actions.actions.find((a) => !handlesActionId(a.action_id));
  if (unknown) return `the hub never sent an element with action_id ${unknown.action_id}`;
  if (actions.container.type !== 'view' && !actions.response_url) {
    return 'a message interaction without a response_url';
  }
  return undefined;
}

function problemOf(schema: z.ZodType, value: unknown, what: string): string | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `not a ${what}: ${issue?.path.join('.') || '(body)'} ${issue?.message ?? ''}`.trim();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
