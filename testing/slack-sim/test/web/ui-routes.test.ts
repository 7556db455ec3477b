import { afterEach, describe, expect, it } from 'vitest';
import type { UiState } from '../../src/web/client/ui-state.js';
import type { FakeApp } from './support/fake-app.js';
import {
  api,
  getJson,
  onCleanup,
  postJson,
  runCleanups,
  SECRET,
  setup,
} from './support/page-fixture.js';

afterEach(runCleanups);

describe('GET /ui/state', () => {
  it("shows a user their own DM and every channel, without deleted or others' ephemeral messages", async () => {
    const { sim, ana, dm, teamA } = await setup();
    const { status, json } = await getJson(`${sim.url}ui/state?user=${ana.id}`);
    const state = json as unknown as UiState;
    expect(status).toBe(200);
    expect(state.me?.name).toBe('ana');
    expect(state.app).toEqual({ connected: true, url: expect.stringContaining('/slack/events') });
    expect(state.conversations.map((c) => [c.id, c.messages.map((m) => m.text)])).toEqual([
      [teamA.id, ['hello #team-a']],
      [dm, ['team-a stops soon']],
    ]);
    expect(JSON.stringify(state)).not.toContain(SECRET);
  });

  it('shows a user their own ephemeral messages, marked', async () => {
    const { sim, bob, teamA } = await setup();
    const { json } = await getJson(`${sim.url}ui/state?user=${bob.id}`);
    const channel = (json as unknown as UiState).conversations.find((c) => c.id === teamA.id);
    expect(channel?.messages.map((m) => [m.text, m.ephemeral])).toEqual([
      ['for bob only', true],
      ['hello #team-a', false],
    ]);
  });

  it('lists only the users when nobody is named, and refuses an unknown user', async () => {
    const { sim } = await setup({ app: false });
    const anonymous = await getJson(`${sim.url}ui/state`);
    expect((anonymous.json as unknown as UiState).users.map((u) => u.name)).toEqual(['ana', 'bob']);
    expect((anonymous.json as unknown as UiState).conversations).toEqual([]);
    expect((anonymous.json as unknown as UiState).app).toEqual({ connected: false });
    const unknown = await getJson(`${sim.url}ui/state?user=U404`);
    expect(unknown).toEqual({ status: 404, json: { ok: false, error: 'no user U404' } });
  });
});

describe('POST /ui/action, /ui/command, /ui/home-opened', () => {
  it('turns a choice in a select into a signed block_actions request to the app', async () => {
    const { sim, app, ana, dm, reminderTs } = await setup();
    const answer = await postJson(`${sim.url}ui/action`, {
      user: ana.id,
      source: 'message',
      channel: dm,
      ts: reminderTs,
      actionId: 'curfew_snooze',
      value: '3h',
    });
    expect(answer).toEqual({ status: 200, json: { ok: true, appStatus: 200, appBody: '' } });
    expect(app.received.map((r) => r.signatureValid)).toEqual([true]);
    const payload = app.lastPayload();
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: ana.id },
      container: { type: 'message', channel_id: dm, message_ts: reminderTs },
      actions: [
        {
          action_id: 'curfew_snooze',
          block_id: 'ns|c-eu|team-a|',
          selected_option: { value: '3h' },
        },
      ],
    });
  });

  it('turns a typed slash command into a signed command and shows its immediate answer', async () => {
    const { sim, app, ana, teamA } = await setup();
    app.answer = JSON.stringify({ text: 'Stopping *team-a*…' });
    const answer = await postJson(`${sim.url}ui/command`, {
      user: ana.id,
      channel: teamA.id,
      text: '  /devenv stop team-a ',
    });
    expect(answer.status).toBe(200);
    const [request] = app.received;
    expect(request?.signatureValid).toBe(true);
    const form = new URLSearchParams(request?.body);
    expect([
      form.get('command'),
      form.get('text'),
      form.get('channel_id'),
      form.get('user_id'),
    ]).toEqual(['/devenv', 'stop team-a', teamA.id, ana.id]);
    const { json } = await getJson(`${sim.url}ui/state?user=${ana.id}`);
    const channel = (json as unknown as UiState).conversations.find((c) => c.id === teamA.id);
    expect(channel?.messages.at(-1)).toMatchObject({ text: 'Stopping *team-a*…', ephemeral: true });
  });

  it('tells the app the Home tab was opened, as an app_home_opened event', async () => {
    const { sim, app, ana, dm } = await setup();
    const answer = await postJson(`${sim.url}ui/home-opened`, { user: ana.id });
    expect(answer.status).toBe(200);
    expect(app.received[0]?.signatureValid).toBe(true);
    expect(JSON.parse(app.received[0]?.body ?? '{}')).toMatchObject({
      type: 'event_callback',
      event: { type: 'app_home_opened', user: ana.id, channel: dm, tab: 'home' },
    });
  });

  it.each([
    {
      name: 'an app that answers 500 is shown as a failed request',
      change: (app: FakeApp) => {
        app.status = 500;
        app.answer = 'boom';
      },
      body: (x: Awaited<ReturnType<typeof setup>>) => ({
        user: x.ana.id,
        source: 'message',
        channel: x.dm,
        ts: x.reminderTs,
        actionId: 'curfew_delete',
      }),
      status: 502,
      error: 'the app answered HTTP 500: boom',
    },
    {
      name: 'an element the message does not have is refused, naming the ones it has',
      body: (x: Awaited<ReturnType<typeof setup>>) => ({
        user: x.ana.id,
        source: 'message',
        channel: x.dm,
        ts: x.reminderTs,
        actionId: 'nope',
      }),
      status: 400,
      error: 'slack-sim: no element "nope" in message',
    },
    {
      name: 'a select option the select does not have is refused',
      body: (x: Awaited<ReturnType<typeof setup>>) => ({
        user: x.ana.id,
        source: 'message',
        channel: x.dm,
        ts: x.reminderTs,
        actionId: 'curfew_snooze',
        value: '9y',
      }),
      status: 400,
      error: 'has no option "9y"',
    },
    {
      name: 'a click on a message that does not exist is not found',
      body: (x: Awaited<ReturnType<typeof setup>>) => ({
        user: x.ana.id,
        source: 'message',
        channel: x.dm,
        ts: '1.2',
        actionId: 'curfew_delete',
      }),
      status: 404,
      error: 'no message 1.2',
    },
    {
      name: 'a click without a user is refused',
      body: (x: Awaited<ReturnType<typeof setup>>) => ({
        source: 'message',
        channel: x.dm,
        ts: x.reminderTs,
        actionId: 'curfew_delete',
      }),
      status: 400,
      error: 'user is required',
    },
    {
      name: 'a click in App Home before the app published one is refused',
      body: (x: Awaited<ReturnType<typeof setup>>) => ({
        user: x.ana.id,
        source: 'home',
        actionId: 'curfew_resume',
      }),
      status: 400,
      error: 'no App Home published',
    },
  ])('$name', async ({ change, body, status, error }) => {
    const x = await setup();
    change?.(x.app);
    const answer = await postJson(`${x.sim.url}ui/action`, body(x));
    expect(answer.status).toBe(status);
    expect(answer.json.error).toContain(error);
  });

  it.each([
    {
      name: 'text that is not a slash command is refused',
      text: 'stop team-a',
      status: 400,
      error: 'type a slash command',
    },
    {
      name: 'an empty command is refused',
      text: '   ',
      status: 400,
      error: 'type a slash command',
    },
  ])('$name', async ({ text, status, error }) => {
    const { sim, app, ana } = await setup();
    const answer = await postJson(`${sim.url}ui/command`, { user: ana.id, text });
    expect(answer.status).toBe(status);
    expect(answer.json.error).toContain(error);
    expect(app.received).toEqual([]);
  });

  it('refuses to send anything when the sim has no app, saying how to give it one', async () => {
    const { sim, ana } = await setup({ app: false });
    const answer = await postJson(`${sim.url}ui/command`, { user: ana.id, text: '/devenv list' });
    expect(answer.status).toBe(409);
    expect(answer.json.error).toContain('SlackSim.start({ app: { url, signingSecret } })');
  });

  it('reports an app that cannot be reached', async () => {
    const { sim, app, ana } = await setup();
    await app.close();
    const answer = await postJson(`${sim.url}ui/command`, { user: ana.id, text: '/devenv list' });
    expect(answer.status).toBe(502);
    expect(answer.json.error).toContain(`could not reach the app at ${app.url}`);
  });

  it('accepts only JSON bodies', async () => {
    const { sim, app, ana } = await setup();
    const answer = await postJson(
      `${sim.url}ui/command`,
      { user: ana.id, text: '/devenv list' },
      'text/plain',
    );
    expect(answer).toEqual({
      status: 415,
      json: { ok: false, error: 'send a JSON body (content-type: application/json)' },
    });
    expect(app.received).toEqual([]);
  });
});

describe('GET /ui/events', () => {
  it('sends a change event when the app posts a message', async () => {
    const { sim, ana } = await setup();
    const abort = new AbortController();
    onCleanup(async () => abort.abort());
    const response = await fetch(`${sim.url}ui/events`, { signal: abort.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let seen = decoder.decode((await reader.read()).value);
    expect(seen).toBe('retry: 1000\n\n');
    await api(sim, 'chat.postMessage', { channel: ana.id, text: 'news' });
    while (!seen.includes('event: change')) seen += decoder.decode((await reader.read()).value);
    expect(seen).toContain('event: change\ndata: 1\n\n');
  });
});
