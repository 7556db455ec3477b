import { describe, expect, it } from 'vitest';
import { renderMain, renderSidebar, renderUserOptions } from '../../src/web/client/render-page.js';
import type { UiMessage, UiState } from '../../src/web/client/ui-state.js';
import { textOf, toHtml } from '../../src/web/client/vnode.js';

const at = Date.UTC(2026, 10, 22, 9, 30);

function message(init: Partial<UiMessage>): UiMessage {
  return {
    channel: 'D1',
    ts: '1.000001',
    user: 'U0',
    text: 'hello',
    blocks: [],
    ephemeral: false,
    edits: 0,
    postedAt: at,
    ...init,
  };
}

function state(messages: UiMessage[]): UiState {
  return {
    workspace: { teamDomain: 'curfew-sim', botName: 'curfew', botUserId: 'U0' },
    app: { connected: true, url: 'http://127.0.0.1:1/slack/events' },
    users: [
      {
        id: 'U1',
        name: 'ana',
        realName: 'Ana',
        email: 'ana@example.com',
        isBot: false,
        deleted: false,
        tz: 'Europe/Berlin',
      },
      { id: 'U2', name: 'gone', realName: 'Gone', isBot: false, deleted: true, tz: 'UTC' },
    ],
    me: {
      id: 'U1',
      name: 'ana',
      realName: 'Ana',
      isBot: false,
      deleted: false,
      tz: 'Europe/Berlin',
    },
    conversations: [
      { id: 'D1', kind: 'im', name: 'ana', messages },
      { id: 'C1', kind: 'channel', name: 'team-a', messages: [] },
    ],
  };
}

describe('the page around the blocks', () => {
  it.each([
    {
      name: 'a message from the app is marked as an app with its time in UTC',
      m: message({}),
      shows: ['curfew', 'APP', '09:30 UTC', 'hello'],
      hides: ['edited', 'Only visible to you'],
    },
    {
      name: 'an edited message says so, with when',
      m: message({ edits: 2, updatedAt: at + 5 * 60_000 }),
      shows: ['(edited 09:35 UTC)'],
      hides: [],
    },
    {
      name: 'an ephemeral message is marked as only visible to you',
      m: message({ ephemeral: true }),
      shows: ['Only visible to you'],
      hides: [],
    },
    {
      name: 'a message from a person shows their name and no app badge',
      m: message({ user: 'U1' }),
      shows: ['ana'],
      hides: ['APP'],
    },
  ])('$name', ({ m, shows, hides }) => {
    const text = textOf(renderMain(state([m]), 'dm'));
    for (const s of shows) expect(text).toContain(s);
    for (const s of hides) expect(text).not.toContain(s);
  });

  it('marks messages with their channel and ts so a click can name them', () => {
    const out = toHtml(renderMain(state([message({ ephemeral: true })]), 'dm'));
    expect(out).toContain(
      '<div class="message ephemeral" data-source="message" data-channel="D1" data-ts="1.000001">',
    );
  });

  it('shows the App Home view, or says none was published', () => {
    const empty = state([]);
    expect(textOf(renderMain(empty, 'home'))).toContain('has not published a Home tab');
    const withHome = {
      ...empty,
      home: {
        id: 'V1',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Your namespaces' } }],
        publishedAt: at,
        revisions: 1,
      },
    };
    expect(toHtml(renderMain(withHome, 'home'))).toBe(
      '<div class="home" data-source="home"><h3 class="sk-block sk-header">Your namespaces</h3></div>',
    );
  });

  it('lists Home, the app DM and every channel, the open one marked', () => {
    const nav = renderSidebar(state([]), 'C1');
    expect(textOf(nav)).toBe('Appcurfew · HomeDirect messagescurfewAPPChannels# team-a');
    expect(toHtml(nav)).toContain('class="side-item active" data-view="C1" aria-current="page"');
  });

  it('offers only people who can act, the current one selected', () => {
    expect(toHtml(renderUserOptions(state([])))).toBe(
      '<option value="U1" selected="">ana (ana@example.com)</option>',
    );
  });
});
