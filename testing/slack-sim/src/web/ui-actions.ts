import type { SignedRequest, SlackRequester } from '../requester.js';
import type { SimWorkspace } from '../workspace.js';

/** The page's answer: an HTTP status and a JSON body (`error` says what went wrong). */
export interface UiAnswer {
  status: number;
  body: Record<string, unknown>;
}

type Body = Record<string, unknown>;

const bad = (error: string): UiAnswer => ({ status: 400, body: { ok: false, error } });

/** A click on a button or a choice in a select, in a message or in the App Home tab. */
export function actionRequest(
  workspace: SimWorkspace,
  requester: SlackRequester,
  body: Body,
): SignedRequest | UiAnswer {
  const user = actor(workspace, body.user);
  if (typeof user !== 'string') return user;
  const actionId = body.actionId;
  if (typeof actionId !== 'string' || actionId === '') {
    return bad('actionId is required: the action_id of the clicked element');
  }
  const value = body.value;
  if (value !== undefined && typeof value !== 'string') {
    return bad('value must be a string (the chosen option of a select)');
  }
  const selected = value === undefined ? {} : { selectedValue: value };
  try {
    if (body.source === 'home')
      return requester.homeAction({ userId: user, actionId, ...selected });
    if (body.source !== 'message') return bad('source must be "message" or "home"');
    const { channel, ts } = body;
    if (typeof channel !== 'string' || typeof ts !== 'string') {
      return bad("a message action needs the message's channel and ts");
    }
    const message = workspace.findMessage(channel, ts);
    if (!message || (message.ephemeralTo !== undefined && message.ephemeralTo !== user)) {
      return { status: 404, body: { ok: false, error: `no message ${ts} in ${channel}` } };
    }
    return requester.messageAction({ userId: user, message, actionId, ...selected });
  } catch (error) {
    // The requester explains a missing element or select option; pass that on.
    return bad((error as Error).message);
  }
}

/** `/devenv stop team-a` typed into a channel's (or the app DM's) message box. */
export function commandRequest(
  workspace: SimWorkspace,
  requester: SlackRequester,
  body: Body,
): SignedRequest | UiAnswer {
  const user = actor(workspace, body.user);
  if (typeof user !== 'string') return user;
  const typed = typeof body.text === 'string' ? body.text.trim() : '';
  const parsed = /^(\/[\w-]+)(?:\s+([\s\S]*))?$/.exec(typed);
  if (!parsed) return bad('type a slash command, such as: /devenv stop team-a');
  const channel = body.channel;
  let channelId: string | undefined;
  if (typeof channel === 'string' && channel !== '' && channel !== 'dm' && channel !== 'home') {
    if (workspace.conversation(channel)?.kind !== 'channel') return bad(`no channel ${channel}`);
    channelId = channel;
  }
  return requester.slashCommand({
    userId: user,
    command: parsed[1] as string,
    text: parsed[2] ?? '',
    ...(channelId === undefined ? {} : { channelId }),
  });
}

/** Opening the Home tab: Slack tells the app with an `app_home_opened` event. */
export function homeOpenedRequest(
  workspace: SimWorkspace,
  requester: SlackRequester,
  body: Body,
): SignedRequest | UiAnswer {
  const user = actor(workspace, body.user);
  if (typeof user !== 'string') return user;
  const im = workspace.openIm(user);
  return requester.event({ type: 'app_home_opened', user, channel: im?.id, tab: 'home' });
}

/** Sends a signed request to the app; a non-2xx answer or no answer becomes a 502 for the page. */
export async function forward(
  requester: SlackRequester,
  request: SignedRequest,
): Promise<UiAnswer> {
  let reply: Awaited<ReturnType<SlackRequester['send']>>;
  try {
    reply = await requester.send(request);
  } catch (error) {
    return {
      status: 502,
      body: {
        ok: false,
        error: `could not reach the app at ${request.url}: ${(error as Error).message}`,
      },
    };
  }
  if (reply.status < 200 || reply.status > 299) {
    return {
      status: 502,
      body: {
        ok: false,
        error: `the app answered HTTP ${reply.status}${reply.body ? `: ${reply.body.slice(0, 500)}` : ''}`,
        appStatus: reply.status,
      },
    };
  }
  return {
    status: 200,
    body: { ok: true, appStatus: reply.status, appBody: reply.json ?? reply.body },
  };
}

function actor(workspace: SimWorkspace, raw: unknown): string | UiAnswer {
  if (typeof raw !== 'string' || raw === '')
    return bad('user is required: the id of the user acting');
  const user = workspace.user(raw);
  if (!user) return bad(`no user ${raw}; add it with workspace.addUser`);
  if (user.isBot || user.deleted)
    return bad(`${user.name} cannot act: bots and deactivated users cannot click or type`);
  return user.id;
}
