import { emoji } from './emoji.js';
import { renderSlackDate } from './slack-date.js';
import { h, type VNode } from './vnode.js';

/** Resolves the ids in `<@U…>` and `<#C…>` to names, as a Slack client does. */
export interface NameLookup {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  /** The viewing user's time zone (their profile `tz`): `<!date^…>` tokens are shown in it. */
  timeZone?: string;
}

export const noNames: NameLookup = { user: () => undefined, channel: () => undefined };

/**
 * Slack's mrkdwn as elements: *bold*, _italic_, ~strike~, `code`, ```pre```, links
 * (`<url|label>`, only http, https and mailto become links), mentions, `<!date^…|fallback>`
 * (in the viewer's time zone, or its fallback without one), :emoji: and line breaks. Apps send `<`, `>` and `&` as
 * entities; they are decoded into text nodes, which are escaped again when shown.
 */
export function renderMrkdwn(text: string, names: NameLookup = noNames): VNode[] {
  const parts = text.split('```');
  const out: VNode[] = [];
  for (const [i, part] of parts.entries()) {
    const isCode = i % 2 === 1 && i < parts.length - 1;
    if (isCode) out.push(h('pre', { class: 'sk-pre' }, decodeEntities(part.replace(/^\n/, ''))));
    else out.push(...inline(i % 2 === 1 ? `\`\`\`${part}` : part, names));
  }
  return out;
}

const TOKEN =
  /<([^<>\n]+)>|`([^`\n]+)`|\*([^*\n]+)\*|(?<![\p{L}\p{N}])_([^_\n]+)_(?![\p{L}\p{N}])|~([^~\n]+)~|:([a-z0-9_+-]+):|\n/gu;

function inline(text: string, names: NameLookup): VNode[] {
  const out: VNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) out.push(decodeEntities(text.slice(last, index)));
    last = index + match[0].length;
    const [whole, angle, code, bold, italic, strike, emojiCode] = match;
    if (angle !== undefined) out.push(angleToken(angle, names));
    else if (code !== undefined) out.push(h('code', { class: 'sk-code' }, decodeEntities(code)));
    else if (bold !== undefined) out.push(h('strong', {}, inline(bold, names)));
    else if (italic !== undefined) out.push(h('em', {}, inline(italic, names)));
    else if (strike !== undefined) out.push(h('s', {}, inline(strike, names)));
    else if (emojiCode !== undefined) out.push(emoji(emojiCode) ?? whole);
    else out.push(h('br'));
  }
  if (last < text.length) out.push(decodeEntities(text.slice(last)));
  return out;
}

function angleToken(raw: string, names: NameLookup): VNode {
  const bar = raw.indexOf('|');
  const target = decodeEntities(bar === -1 ? raw : raw.slice(0, bar));
  const label = bar === -1 ? undefined : decodeEntities(raw.slice(bar + 1));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return h('span', { class: 'sk-mention' }, `@${names.user(id) ?? label ?? id}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return h('span', { class: 'sk-mention' }, `#${names.channel(id) ?? label ?? id}`);
  }
  if (target.startsWith('!')) {
    const special = target.slice(1);
    if (['here', 'channel', 'everyone'].includes(special)) {
      return h('span', { class: 'sk-mention' }, `@${special}`);
    }
    if (special.startsWith('date^')) {
      const shown = renderSlackDate(special, label, names.timeZone);
      return h('span', { class: 'sk-special', title: target }, shown ?? target);
    }
    // <!subteam^…|@team> and the like: the fallback is what a plain client shows.
    return h('span', { class: 'sk-special', title: target }, label ?? target);
  }
  if (/^(https?:|mailto:)/i.test(target)) {
    return h(
      'a',
      { href: target, target: '_blank', rel: 'noopener noreferrer' },
      label ?? target.replace(/^mailto:/i, ''),
    );
  }
  // Anything else (javascript:, data:…) is shown as text, never made a link.
  return label ?? target;
}

export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
