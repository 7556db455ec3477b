import { blocksProblem } from './block-rules.js';
import type { SimMessage, SimWorkspace } from './workspace.js';

/** Slack lets an app use a response_url five times within thirty minutes. */
const MAX_USES = 5;
const LIFETIME_MS = 30 * 60_000;

interface Binding {
  channel: string;
  userId: string;
  /** Block actions: the message the clicked element lives in. */
  messageTs?: string;
  /** The last message this URL (or the command's immediate answer) produced. */
  lastTs?: string;
  issuedAt: number;
  uses: number;
}

export interface ResponseBody {
  text?: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean | string;
  delete_original?: boolean | string;
}

export type ResponseOutcome =
  | { ok: true; message?: SimMessage }
  | { ok: false; status: number; error: string };

/**
 * The response_url side of interactions: what posting to one does to the conversation —
 * a new ephemeral (default) or in-channel message, or the original replaced/deleted.
 */
export class ResponseUrls {
  private readonly bindings = new Map<string, Binding>();
  private counter = 0;

  constructor(
    private readonly workspace: SimWorkspace,
    private readonly now: () => number,
  ) {}

  mint(binding: { channel: string; userId: string; messageTs?: string }): string {
    this.counter += 1;
    const id = `${this.workspace.identity.teamId}/${this.counter}/${this.now().toString(36)}`;
    this.bindings.set(id, { ...binding, issuedAt: this.now(), uses: 0 });
    return id;
  }

  /** An app's immediate (ack) answer to a slash command shows as an ephemeral message. */
  recordImmediateAnswer(id: string, body: ResponseBody): SimMessage | undefined {
    const binding = this.bindings.get(id);
    if (!binding || (body.text === undefined && body.blocks === undefined)) return undefined;
    const message = this.postNew(binding, body);
    binding.lastTs = message?.ts;
    return message;
  }

  use(id: string, body: ResponseBody): ResponseOutcome {
    const binding = this.bindings.get(id);
    if (!binding || this.now() - binding.issuedAt > LIFETIME_MS) {
      return { ok: false, status: 404, error: 'expired_url' };
    }
    if (binding.uses >= MAX_USES) return { ok: false, status: 404, error: 'used_url' };
    if (
      body.blocks !== undefined &&
      (!Array.isArray(body.blocks) || blocksProblem(body.blocks, 50))
    ) {
      return { ok: false, status: 400, error: 'invalid_blocks' };
    }
    binding.uses += 1;
    const originalTs = binding.messageTs ?? binding.lastTs;
    const original =
      originalTs === undefined
        ? undefined
        : this.workspace.findMessage(binding.channel, originalTs);
    if (isTrue(body.delete_original)) {
      if (original) original.deleted = true;
      return { ok: true };
    }
    if (isTrue(body.replace_original) && original) {
      return { ok: true, message: this.workspace.edit(original, body.text ?? '', body.blocks) };
    }
    if (body.text === undefined && body.blocks === undefined) {
      return { ok: false, status: 400, error: 'no_text' };
    }
    const message = this.postNew(binding, body);
    if (message) binding.lastTs = message.ts;
    return message ? { ok: true, message } : { ok: false, status: 404, error: 'channel_not_found' };
  }

  private postNew(binding: Binding, body: ResponseBody): SimMessage | undefined {
    const conversation = this.workspace.conversation(binding.channel);
    if (!conversation) return undefined;
    const inChannel = body.response_type === 'in_channel';
    return this.workspace.post(conversation, {
      user: this.workspace.identity.botUserId,
      text: body.text ?? '',
      via: 'response_url',
      ...(body.blocks === undefined ? {} : { blocks: body.blocks }),
      ...(inChannel ? {} : { ephemeralTo: binding.userId }),
    });
  }
}

function isTrue(value: boolean | string | undefined): boolean {
  return value === true || value === 'true';
}
