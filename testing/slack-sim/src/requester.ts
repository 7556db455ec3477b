import { actionIds, findElement } from './blocks.js';
import { actionPayload } from './payloads.js';
import type { ResponseBody } from './response-urls.js';
import { slackSignatureHeaders } from './signing.js';
import type { SimMessage, SimWorkspace } from './workspace.js';

/**
 * What a requester needs of the sim (SlackSim is it): declared here so that server.ts, which
 * makes requesters, and this file do not import each other.
 */
export interface RequesterSim {
  readonly workspace: SimWorkspace;
  mintTriggerId(): string;
  mintResponseUrl(binding: { channel: string; userId: string; messageTs?: string }): string;
  recordImmediateAnswer(responseUrl: string, body: ResponseBody): void;
}

export interface SignedRequest {
  kind: 'slash_command' | 'block_actions' | 'view_submission' | 'event_callback';
  url: string;
  body: string;
  headers: Record<string, string>;
  /** The response_url inside the payload, when there is one. */
  responseUrl?: string;
  triggerId?: string;
}

export interface SlackReply {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON. */
  json: unknown;
}

export interface SendOptions {
  /** Sign with this timestamp (seconds) instead of now — e.g. a stale one. */
  timestamp?: number;
  /** Change the body after signing, as a man in the middle would. */
  tamper?: (body: string) => string;
}

export interface SlackRequesterOptions {
  /** The app's request URL (slash commands, interactivity and events). */
  url: string;
  signingSecret: string;
  /** Mints response_urls and trigger ids and records immediate answers. */
  sim: RequesterSim;
  now?: () => number;
}

/**
 * Sends requests to an app exactly as Slack does: slash commands form-encoded,
 * interactions as a form-encoded `payload=` JSON, events as JSON; every request signed
 * with `X-Slack-Signature: v0=…` and `X-Slack-Request-Timestamp`, retries marked with
 * `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`.
 */
export class SlackRequester {
  private readonly now: () => number;
  private counter = 0;

  constructor(private readonly options: SlackRequesterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The app's request URL these requests go to. */
  get url(): string {
    return this.options.url;
  }

  private get sim(): RequesterSim {
    return this.options.sim;
  }

  /** `/devenv stop team-a` typed by `userId` (in their DM with the app unless `channelId`). */
  slashCommand(input: {
    userId: string;
    text: string;
    command?: string;
    channelId?: string;
  }): SignedRequest {
    const user = this.sim.workspace.user(input.userId);
    const channel = this.channelFor(input.userId, input.channelId);
    const responseUrl = this.sim.mintResponseUrl({ channel: channel.id, userId: input.userId });
    const triggerId = this.sim.mintTriggerId();
    const identity = this.sim.workspace.identity;
    const form = new URLSearchParams({
      token: 'verification-token-unused',
      team_id: identity.teamId,
      team_domain: identity.teamDomain,
      channel_id: channel.id,
      channel_name: channel.kind === 'im' ? 'directmessage' : channel.name,
      user_id: input.userId,
      user_name: user?.name ?? input.userId,
      command: input.command ?? '/devenv',
      text: input.text,
      api_app_id: identity.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    });
    return this.sign('slash_command', form.toString(), 'application/x-www-form-urlencoded', {
      responseUrl,
      triggerId,
    });
  }

  /** A click on the button (or choice in the select) `actionId` of a recorded message. */
  messageAction(input: {
    userId: string;
    message: SimMessage;
    actionId: string;
    /** For selects: the option value chosen. */
    selectedValue?: string;
  }): SignedRequest {
    const { message } = input;
    const found = findElement(message.blocks, input.actionId);
    if (!found) {
      throw new Error(
        `slack-sim: no element "${input.actionId}" in message ${message.ts}; it has: ${actionIds(message.blocks).join(', ') || 'none'}`,
      );
    }
    const conversation = this.sim.workspace.conversation(message.channel);
    const responseUrl = this.sim.mintResponseUrl({
      channel: message.channel,
      userId: input.userId,
      messageTs: message.ts,
    });
    const triggerId = this.sim.mintTriggerId();
    const isEphemeral = message.ephemeralTo !== undefined;
    const identity = this.sim.workspace.identity;
    const payload = {
      type: 'block_actions',
      user: this.userJson(input.userId),
      api_app_id: identity.appId,
      token: 'verification-token-unused',
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: isEphemeral,
      },
      trigger_id: triggerId,
      team: { id: identity.teamId, domain: identity.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: message.channel, name: conversation?.name ?? 'unknown' },
      // Slack leaves the message out when the clicked one is ephemeral.
      ...(isEphemeral
        ? {}
        : {
            message: {
              type: 'message',
              user: message.user,
              ts: message.ts,
              text: message.text,
              blocks: message.blocks,
              ...(message.metadata ? { metadata: message.metadata } : {}),
            },
          }),
      state: { values: {} },
      response_url: responseUrl,
      actions: [
        actionPayload(found.blockId, found.element, input.selectedValue, String(this.now() / 1000)),
      ],
    };
    return this.sign(
      'block_actions',
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
      { responseUrl, triggerId },
    );
  }

  /** A click on `actionId` in the user's App Home tab as last published. */
  homeAction(input: { userId: string; actionId: string; selectedValue?: string }): SignedRequest {
    const home = this.sim.workspace.home(input.userId);
    if (!home) throw new Error(`slack-sim: no App Home published for ${input.userId}`);
    const found = findElement(home.view.blocks, input.actionId);
    if (!found) {
      throw new Error(
        `slack-sim: no element "${input.actionId}" in ${input.userId}'s App Home; it has: ${actionIds(home.view.blocks).join(', ') || 'none'}`,
      );
    }
    const triggerId = this.sim.mintTriggerId();
    const identity = this.sim.workspace.identity;
    const payload = {
      type: 'block_actions',
      user: this.userJson(input.userId),
      api_app_id: identity.appId,
      token: 'verification-token-unused',
      container: { type: 'view', view_id: home.id },
      trigger_id: triggerId,
      team: { id: identity.teamId, domain: identity.teamDomain },
      is_enterprise_install: false,
      view: { ...home.view, id: home.id, hash: home.hash, type: 'home' },
      state: { values: {} },
      actions: [
        actionPayload(found.blockId, found.element, input.selectedValue, String(this.now() / 1000)),
      ],
    };
    return this.sign(
      'block_actions',
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
      { triggerId },
    );
  }

  /** A modal submitted with these input values (`{blockId: {actionId: value}}`). */
  viewSubmission(input: {
    userId: string;
    view: Record<string, unknown>;
    values: Record<string, Record<string, { type: string; value?: string }>>;
  }): SignedRequest {
    const triggerId = this.sim.mintTriggerId();
    const identity = this.sim.workspace.identity;
    const payload = {
      type: 'view_submission',
      team: { id: identity.teamId, domain: identity.teamDomain },
      user: this.userJson(input.userId),
      api_app_id: identity.appId,
      token: 'verification-token-unused',
      trigger_id: triggerId,
      view: { ...input.view, state: { values: input.values } },
      is_enterprise_install: false,
    };
    return this.sign(
      'view_submission',
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
      { triggerId },
    );
  }

  /** An Events API callback, e.g. `{type: 'app_home_opened', user, tab: 'home'}`. */
  event(event: Record<string, unknown>): SignedRequest {
    this.counter += 1;
    const identity = this.sim.workspace.identity;
    const body = {
      token: 'verification-token-unused',
      team_id: identity.teamId,
      api_app_id: identity.appId,
      event: { event_ts: String(this.now() / 1000), ...event },
      type: 'event_callback',
      event_id: `Ev${String(this.counter).padStart(9, '0')}`,
      event_time: Math.floor(this.now() / 1000),
      authorizations: [
        {
          team_id: identity.teamId,
          user_id: identity.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
    return this.sign('event_callback', JSON.stringify(body), 'application/json', {});
  }

  /**
   * Posts the request. Slash-command answers with a body show up in the conversation as
   * Slack would show them.
   */
  async send(request: SignedRequest, options: SendOptions = {}): Promise<SlackReply> {
    const headers = { ...request.headers };
    let body = request.body;
    if (options.timestamp !== undefined) {
      Object.assign(
        headers,
        slackSignatureHeaders(body, this.options.signingSecret, options.timestamp),
      );
    }
    if (options.tamper) body = options.tamper(body);
    return this.post(request, headers, body);
  }

  /** The same request again, byte for byte (a replay). */
  replay(request: SignedRequest): Promise<SlackReply> {
    return this.post(request, request.headers, request.body);
  }

  /** Slack's own retry: same body, fresh signature, `X-Slack-Retry-Num`. */
  retry(request: SignedRequest, retryNum: number, reason = 'http_timeout'): Promise<SlackReply> {
    const headers = {
      ...request.headers,
      ...slackSignatureHeaders(
        request.body,
        this.options.signingSecret,
        Math.floor(this.now() / 1000),
      ),
      'x-slack-retry-num': String(retryNum),
      'x-slack-retry-reason': reason,
    };
    return this.post(request, headers, request.body);
  }

  private async post(
    request: SignedRequest,
    headers: Record<string, string>,
    body: string,
  ): Promise<SlackReply> {
    const response = await fetch(request.url, { method: 'POST', headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    // Slack shows a slash command's immediate answer; other kinds' answers are not shown.
    if (response.status === 200 && request.kind === 'slash_command' && request.responseUrl) {
      const answer = json ?? (text === '' ? undefined : { text });
      if (answer && typeof answer === 'object') {
        this.sim.recordImmediateAnswer(request.responseUrl, answer as never);
      }
    }
    return { status: response.status, body: text, json };
  }

  private sign(
    kind: SignedRequest['kind'],
    body: string,
    contentType: string,
    extra: { responseUrl?: string; triggerId?: string },
  ): SignedRequest {
    const timestamp = Math.floor(this.now() / 1000);
    return {
      kind,
      url: this.options.url,
      body,
      headers: {
        'content-type': contentType,
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...slackSignatureHeaders(body, this.options.signingSecret, timestamp),
      },
      ...extra,
    };
  }

  private channelFor(userId: string, channelId: string | undefined) {
    if (channelId !== undefined) {
      const channel = this.sim.workspace.conversation(channelId);
      if (!channel)
        throw new Error(`slack-sim: no channel ${channelId}; add it with workspace.addChannel`);
      return channel;
    }
    const im = this.sim.workspace.openIm(userId);
    if (!im) throw new Error(`slack-sim: no user ${userId}; add it with workspace.addUser`);
    return im;
  }

  private userJson(userId: string) {
    const user = this.sim.workspace.user(userId);
    return {
      id: userId,
      username: user?.name ?? userId,
      name: user?.name ?? userId,
      team_id: this.sim.workspace.identity.teamId,
    };
  }
}
