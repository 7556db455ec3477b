import { type SignedRequest, slackSignatureHeaders } from '@curfew/slack-sim';
import { describe, expect, it } from 'vitest';
import { summary } from './support/fakes.js';
import {
  eventually,
  type Harness,
  harnessPerTest,
  SIGNING_SECRET,
  settle,
} from './support/harness.js';
import { reminder } from './support/notifications.js';

const start = harnessPerTest();

async function started(): Promise<Harness> {
  const h = await start();
  h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
  return h;
}

/** A request correctly signed by Slack's secret whatever its body: only the content is wrong. */
function signed(h: Harness, body: string, contentType: string): SignedRequest {
  return {
    kind: 'block_actions',
    url: h.url,
    body,
    headers: {
      'content-type': contentType,
      ...slackSignatureHeaders(body, SIGNING_SECRET, Math.floor(Date.now() / 1000)),
    },
  };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

/** A real reminder DM's Suspend click, as Slack would send it, for tests to take apart. */
async function realClick(h: Harness): Promise<Record<string, unknown>> {
  await h.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
  const dm = await eventually(() => {
    const [message] = h.sim.workspace.dm(h.ana.id);
    if (!message) throw new Error('no reminder yet');
    return message;
  });
  const click = h.slack.messageAction({
    userId: h.ana.id,
    message: dm,
    actionId: 'curfew_suspend',
  });
  const payload = new URLSearchParams(click.body).get('payload');
  if (payload === null) throw new Error('the click has no payload');
  return JSON.parse(payload) as Record<string, unknown>;
}

type Body = (h: Harness) => Promise<{ body: string; contentType: string }>;
const payload =
  (change: (click: Record<string, unknown>) => unknown): Body =>
  async (h) => ({
    body: form({ payload: JSON.stringify(change(await realClick(h))) }),
    contentType: FORM,
  });
const fixed =
  (body: string, contentType = FORM): Body =>
  async () => ({ body, contentType });

describe('signed requests whose content is not something the hub handles', () => {
  it.each<{ name: string; body: Body }>([
    { name: 'payload=null is answered 400', body: fixed(form({ payload: 'null' })) },
    { name: 'payload that is not JSON is answered 400', body: fixed(form({ payload: '{nope' })) },
    {
      name: 'a payload that is a JSON string is answered 400',
      body: fixed(form({ payload: '"x"' })),
    },
    {
      name: 'a view_submission (the hub opens no modals) is answered 400',
      body: fixed(
        form({
          payload: JSON.stringify({ type: 'view_submission', user: { id: 'U1' }, view: {} }),
        }),
      ),
    },
    {
      name: 'a form with neither a command nor a payload is answered 400',
      body: fixed(form({ user_id: 'U1', text: 'stop team-a' })),
    },
    {
      name: 'a slash command without a user is answered 400',
      body: fixed(form({ command: '/devenv', text: 'stop team-a', response_url: 'https://x' })),
    },
    { name: 'a JSON body that is null is answered 400', body: fixed('null', 'application/json') },
    {
      name: 'an event callback without its event is answered 400',
      body: fixed(JSON.stringify({ type: 'event_callback' }), 'application/json'),
    },
    {
      name: 'block_actions without actions is answered 400',
      body: payload(({ actions: _, ...rest }) => rest),
    },
    {
      name: 'block_actions with an empty actions list is answered 400',
      body: payload((click) => ({ ...click, actions: [] })),
    },
    {
      name: 'block_actions whose action has no action_id is answered 400',
      body: payload((click) => ({ ...click, actions: [{ type: 'button', value: 'x' }] })),
    },
    {
      name: 'block_actions for an action_id the hub never sent is answered 400',
      body: payload((click) => ({
        ...click,
        actions: (click.actions as Record<string, unknown>[]).map((a) => ({
          ...a,
          action_id: 'curfew_make_me_admin',
        })),
      })),
    },
    {
      name: 'block_actions without a user is answered 400',
      body: payload(({ user: _, ...rest }) => rest),
    },
    {
      name: 'block_actions without a container is answered 400',
      body: payload(({ container: _, ...rest }) => rest),
    },
  ])('$name at once, and nothing runs', async ({ body }) => {
    const h = await started();
    const { body: raw, contentType } = await body(h);
    const reply = await h.slack.send(signed(h, raw, contentType));
    // Not 500 (a handler crashing on it) and not 404 (Bolt's answer after waiting 3 s for
    // a listener that never comes): 400 is only ever answered before any listener runs.
    expect(reply.status).toBe(400);
    await settle(300);
    expect(h.dispatcher.calls).toEqual([]);
  });

  it('still acts on the unchanged click (the same request the 400 cases take apart)', async () => {
    const h = await started();
    const click = await realClick(h);
    const reply = await h.slack.send(signed(h, form({ payload: JSON.stringify(click) }), FORM));
    expect(reply.status).toBe(200);
    await eventually(() => expect(h.dispatcher.dispatched).toHaveLength(1));
  });

  it('still answers 401, not 400, to a malformed body that Slack did not sign', async () => {
    const h = await started();
    const request = signed(h, form({ payload: 'null' }), FORM);
    const reply = await h.slack.send(request, { tamper: () => form({ payload: '{nope' }) });
    expect(reply.status).toBe(401);
  });
});
