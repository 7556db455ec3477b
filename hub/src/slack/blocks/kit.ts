/**
 * Minimal, typed Block Kit constructors. Builders elsewhere stay pure functions from
 * data to these plain objects, so they are unit-tested without Slack.
 */
export type SlackBlock = { type: string; block_id?: string } & Record<string, unknown>;

/** What a message shows: `text` is the notification/fallback text, `blocks` the layout. */
export interface MessageContent {
  text: string;
  blocks?: SlackBlock[];
}

export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export interface ConfirmDialog {
  title: TextObject;
  text: TextObject;
  confirm: TextObject;
  deny: TextObject;
  style?: 'danger' | 'primary';
}

export type SlackElement = { type: string; action_id?: string } & Record<string, unknown>;

export const plain = (text: string): TextObject => ({ type: 'plain_text', text, emoji: true });
export const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text });

export function section(text: string, accessory?: SlackElement): SlackBlock {
  return { type: 'section', text: mrkdwn(text), ...(accessory ? { accessory } : {}) };
}

export function context(...texts: string[]): SlackBlock {
  return { type: 'context', elements: texts.map(mrkdwn) };
}

export function header(text: string): SlackBlock {
  return { type: 'header', text: plain(text) };
}

export function divider(): SlackBlock {
  return { type: 'divider' };
}

export function actions(blockId: string, elements: SlackElement[]): SlackBlock {
  return { type: 'actions', block_id: blockId, elements };
}

export function button(
  text: string,
  actionId: string,
  options: { value?: string; style?: 'primary' | 'danger'; confirm?: ConfirmDialog } = {},
): SlackElement {
  return {
    type: 'button',
    text: plain(text),
    action_id: actionId,
    ...(options.value === undefined ? {} : { value: options.value }),
    ...(options.style === undefined ? {} : { style: options.style }),
    ...(options.confirm === undefined ? {} : { confirm: options.confirm }),
  };
}

export function staticSelect(
  placeholder: string,
  actionId: string,
  options: { label: string; value: string }[],
): SlackElement {
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: plain(placeholder),
    options: options.map((o) => ({ text: plain(o.label), value: o.value })),
  };
}

export function confirmDialog(
  title: string,
  text: string,
  confirm: string,
  deny = 'Cancel',
): ConfirmDialog {
  return {
    title: plain(title),
    text: mrkdwn(text),
    confirm: plain(confirm),
    deny: plain(deny),
    style: 'danger',
  };
}

/** Slack shows raw `<`, `>` and `&` as markup; escapeMrkdwn data that goes into mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
