import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackRequester, SlackSim, signSlackRequest } from '../src/index.js';

const sims: SlackSim[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

async function startSim() {
  const sim = await SlackSim.start();
  sims.push(sim);
  const ana = sim.workspace.addUser({ name: 'ana', email: 'ana@example.com' });
  return { sim, ana };
}

async function call(
  sim: SlackSim,
  method: string,
  args: Record<string, string>,
  token = sim.token,
) {
  const response = await fetch(`${sim.apiUrl}${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Bearer ${token}`,
    },
    body: new URLSearchParams(args).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

describe('slack-sim Web API', () => {
  it.each<{ name: string; method: string; args: Record<string, string>; error: string }>([
    {
      name: 'an unknown email is answered with users_not_found',
      method: 'users.lookupByEmail',
      args: { email: 'nobody@example.com' },
      error: 'users_not_found',
    },
    {
      name: 'a message to an unknown channel is answered with channel_not_found',
      method: 'chat.postMessage',
      args: { channel: 'C404' },
      error: 'channel_not_found',
    },
    {
      name: 'an update in an unknown channel is answered with channel_not_found',
      method: 'chat.update',
      args: { channel: 'C404', ts: '1.0', text: 'x' },
      error: 'channel_not_found',
    },
    {
      name: 'an unknown method is answered with unknown_method',
      method: 'chat.nope',
      args: {},
      error: 'unknown_method',
    },
  ])('$name', async ({ method, args, error }) => {
    const { sim } = await startSim();
    const reply = await call(sim, method, args);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ ok: false, error });
  });

  it('rejects a wrong token with invalid_auth and records the call', async () => {
    const { sim } = await startSim();
    const reply = await call(sim, 'auth.test', {}, 'xoxb-wrong');
    expect(reply.json).toEqual({ ok: false, error: 'invalid_auth' });
    expect(sim.callsTo('auth.test')).toHaveLength(1);
  });

  it('posts to a user id into the DM with the app and updates the message in place', async () => {
    const { sim, ana } = await startSim();
    const posted = await call(sim, 'chat.postMessage', {
      channel: ana.id,
      text: 'first',
      blocks: JSON.stringify([{ type: 'section', text: { type: 'mrkdwn', text: 'first' } }]),
    });
    expect(posted.json.ok).toBe(true);
    expect(String(posted.json.channel)).toMatch(/^D/);
    const updated = await call(sim, 'chat.update', {
      channel: String(posted.json.channel),
      ts: String(posted.json.ts),
      text: 'second',
    });
    expect(updated.json.ok).toBe(true);
    const [message] = sim.workspace.dm(ana.id);
    expect(message?.text).toBe('second');
    expect(message?.revisions.map((r) => r.text)).toEqual(['first']);
  });

  it('answers 429 with Retry-After for the next N calls of a method, then recovers', async () => {
    const { sim, ana } = await startSim();
    sim.faults.rateLimit('chat.postMessage', { times: 2, retryAfterSeconds: 7 });
    const first = await call(sim, 'chat.postMessage', { channel: ana.id, text: 'a' });
    const second = await call(sim, 'chat.postMessage', { channel: ana.id, text: 'a' });
    const third = await call(sim, 'chat.postMessage', { channel: ana.id, text: 'a' });
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(sim.workspace.dm(ana.id)).toHaveLength(1);
  });

  it('carries out a delayed call even when the caller gives up waiting', async () => {
    const { sim, ana } = await startSim();
    sim.faults.delay('chat.postMessage', 2_000);
    const aborted = fetch(`${sim.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sim.token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ channel: ana.id, text: 'slow' }).toString(),
      signal: AbortSignal.timeout(200),
    });
    await expect(aborted).rejects.toThrow();
    expect(sim.workspace.dm(ana.id).map((m) => m.text)).toEqual(['slow']);
  });

  it('returns message metadata from conversations.history only when asked for', async () => {
    const { sim, ana } = await startSim();
    const posted = await call(sim, 'chat.postMessage', {
      channel: ana.id,
      text: 'tagged',
      metadata: JSON.stringify({ event_type: 'outbox', event_payload: { key: 'k1' } }),
    });
    const channel = String(posted.json.channel);
    const plain = await call(sim, 'conversations.history', { channel });
    const withMetadata = await call(sim, 'conversations.history', {
      channel,
      include_all_metadata: 'true',
    });
    expect((plain.json.messages as { metadata?: unknown }[])[0]?.metadata).toBeUndefined();
    expect((withMetadata.json.messages as { metadata?: unknown }[])[0]?.metadata).toEqual({
      event_type: 'outbox',
      event_payload: { key: 'k1' },
    });
  });
});

describe('Block Kit rules', () => {
  const button = (id: string) => ({
    type: 'button',
    action_id: id,
    text: { type: 'plain_text', text: 'x' },
  });
  it.each([
    {
      name: 'an empty actions block is refused',
      blocks: [{ type: 'actions', elements: [] }],
      ok: false,
    },
    {
      name: 'duplicate action_ids in one block are refused',
      blocks: [{ type: 'actions', elements: [button('a'), button('a')] }],
      ok: false,
    },
    {
      name: 'duplicate block_ids are refused',
      blocks: [
        { type: 'divider', block_id: 'x' },
        { type: 'divider', block_id: 'x' },
      ],
      ok: false,
    },
    {
      name: 'more than 50 blocks are refused',
      blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })),
      ok: false,
    },
    {
      name: 'a valid message passes',
      blocks: [{ type: 'actions', block_id: 'x', elements: [button('a'), button('b')] }],
      ok: true,
    },
  ])('$name', async ({ blocks, ok }) => {
    const { sim, ana } = await startSim();
    const reply = await call(sim, 'chat.postMessage', {
      channel: ana.id,
      text: 't',
      blocks: JSON.stringify(blocks),
    });
    expect(reply.json.ok).toBe(ok);
    if (!ok) expect(reply.json.error).toBe('invalid_blocks');
  });
});

describe('views and response_urls', () => {
  it('publishes an App Home per user, replacing the previous one', async () => {
    const { sim, ana } = await startSim();
    const view = JSON.stringify({ type: 'home', blocks: [] });
    const first = await call(sim, 'views.publish', { user_id: ana.id, view });
    const second = await call(sim, 'views.publish', { user_id: ana.id, view });
    expect((first.json.view as { id: string }).id).toBe((second.json.view as { id: string }).id);
    expect(sim.workspace.home(ana.id)?.revisions).toBe(2);
  });

  it.each([
    { name: 'a fresh trigger id opens a modal', age: 0, result: { ok: true } },
    {
      name: 'a trigger id older than 3 s is expired',
      age: 3_001,
      result: { ok: false, error: 'expired_trigger_id' },
    },
  ])('$name', async ({ age, result }) => {
    let now = 1_000_000;
    const sim = await SlackSim.start({ now: () => now });
    sims.push(sim);
    const trigger = sim.mintTriggerId();
    now += age;
    const reply = await call(sim, 'views.open', {
      trigger_id: trigger,
      view: JSON.stringify({ type: 'modal', blocks: [] }),
    });
    expect(reply.json).toMatchObject(result);
  });

  it('accepts a response_url five times, then answers used_url', async () => {
    const { sim, ana } = await startSim();
    const im = sim.workspace.openIm(ana.id);
    const url = sim.mintResponseUrl({ channel: im?.id ?? '', userId: ana.id });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `n${i}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });
});

describe('signing and the requester', () => {
  it('signs exactly as Slack documents: v0 HMAC-SHA256 of v0:timestamp:body', () => {
    const expected = createHmac('sha256', 's3cret').update('v0:1531420618:a=b').digest('hex');
    expect(signSlackRequest('a=b', 's3cret', 1531420618)).toBe(`v0=${expected}`);
  });

  it('sends a signed slash command whose response_url replaces the immediate answer', async () => {
    const { sim, ana } = await startSim();
    const seen: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const { createServer } = await import('node:http');
    const app = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ text: 'working' }));
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const port = (app.address() as { port: number }).port;
    try {
      const requester = new SlackRequester({
        url: `http://127.0.0.1:${port}/slack`,
        signingSecret: 'sec',
        sim,
      });
      const request = requester.slashCommand({ userId: ana.id, text: 'stop team-a' });
      await requester.send(request);
      const [first] = seen;
      const ts = Number(first?.headers['x-slack-request-timestamp']);
      expect(first?.headers['x-slack-signature']).toBe(
        signSlackRequest(first?.body ?? '', 'sec', ts),
      );
      expect(new URLSearchParams(first?.body).get('text')).toBe('stop team-a');
      const response = await fetch(request.responseUrl ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ replace_original: true, text: 'done' }),
      });
      expect(response.status).toBe(200);
      const visible = sim.workspace.dm(ana.id).filter((m) => !m.deleted);
      expect(visible.map((m) => [m.text, m.ephemeralTo, m.revisions.length])).toEqual([
        ['done', ana.id, 1],
      ]);
      await requester.retry(request, 1);
      expect(seen[1]?.headers['x-slack-retry-num']).toBe('1');
      expect(seen[1]?.body).toBe(first?.body);
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });
});
