import { createHmac } from 'node:crypto';
import express from 'express';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { mountSlack } from '../../src/slack/index.js';
import {
  FakeAudit,
  FakeClusters,
  FakeDispatcher,
  FakeNamespaces,
  summary,
} from './support/fakes.js';
import {
  eventually,
  type Harness,
  SIGNING_SECRET,
  startHarness,
  startReplica,
} from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function started(): Promise<Harness> {
  h = await startHarness();
  h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
  return h;
}

describe('requests that do not come from Slack', () => {
  it.each([
    {
      name: 'a body changed after signing is refused with 401',
      send: (x: Harness) =>
        x.slack.send(x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-a' }), {
          tamper: (body) => body.replace('stop', 'delete'),
        }),
    },
    {
      name: 'a timestamp six minutes old is refused with 401',
      send: (x: Harness) =>
        x.slack.send(x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-a' }), {
          timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
        }),
    },
    {
      name: 'a timestamp six minutes ahead is refused with 401',
      send: (x: Harness) =>
        x.slack.send(x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-a' }), {
          timestamp: Math.floor(Date.now() / 1000) + 6 * 60,
        }),
    },
    {
      name: 'a request signed with another secret is refused with 401',
      send: async (x: Harness) => {
        const { SlackRequester } = await import('@curfew/slack-sim');
        const other = new SlackRequester({
          url: x.url,
          signingSecret: 'not-the-secret',
          sim: x.sim,
        });
        return other.send(other.slashCommand({ userId: x.ana.id, text: 'stop team-a' }));
      },
    },
    {
      name: 'a request without signature headers is refused with 401',
      send: async (x: Harness) => {
        const response = await fetch(x.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'command=%2Fdevenv&text=stop+team-a',
        });
        return { status: response.status };
      },
    },
    ...[
      { version: 'v1', junk: '' },
      { version: 'v9', junk: '' },
      { version: 'v0', junk: '=junk' },
    ].map(({ version, junk }) => ({
      name: `a signature "${version}=<hmac>${junk}" (valid HMAC, not Slack's v0 format) is refused with 401`,
      send: (x: Harness) => {
        const request = x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-a' });
        const ts = request.headers['x-slack-request-timestamp'];
        const hmac = createHmac('sha256', SIGNING_SECRET)
          .update(`${version}:${ts}:${request.body}`)
          .digest('hex');
        return x.slack.send({
          ...request,
          headers: { ...request.headers, 'x-slack-signature': `${version}=${hmac}${junk}` },
        });
      },
    })),
  ])('$name, and nothing runs', async ({ send }) => {
    const x = await started();
    const reply = await send(x);
    expect(reply.status).toBe(401);
    // Give a wrongly started handler time to show itself before asserting it did not run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(x.dispatcher.calls).toEqual([]);
    expect(x.sim.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });
});

describe('Slack delivering the same request more than once', () => {
  it.each([
    {
      name: 'a byte-for-byte replay runs the command once',
      again: (x: Harness, r: Parameters<Harness['slack']['replay']>[0]) => x.slack.replay(r),
    },
    {
      name: "Slack's own retry (X-Slack-Retry-Num) runs the command once",
      again: (x: Harness, r: Parameters<Harness['slack']['replay']>[0]) => x.slack.retry(r, 1),
    },
  ])('$name', async ({ again }) => {
    const x = await started();
    const request = x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-a' });
    const first = await x.slack.send(request);
    const second = await again(x, request);
    expect([first.status, second.status]).toEqual([200, 200]);
    await eventually(() => expect(x.dispatcher.calls).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(x.dispatcher.calls).toHaveLength(1);
  });

  it('runs a repeated button click once', async () => {
    const x = await started();
    await x.notify(
      'c-eu',
      (await import('./support/notifications.js')).reminder('n-1', 'team-a', 'ana@example.com'),
    );
    const dm = await eventually(() => {
      const [message] = x.sim.workspace.dm(x.ana.id);
      if (!message) throw new Error('no reminder yet');
      return message;
    });
    const click = x.slack.messageAction({
      userId: x.ana.id,
      message: dm,
      actionId: 'curfew_suspend',
    });
    await x.slack.send(click);
    await x.slack.retry(click, 1);
    await x.slack.replay(click);
    await eventually(() => expect(x.dispatcher.calls).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(x.dispatcher.calls).toHaveLength(1);
  });
});

describe('several hub replicas', () => {
  it('runs a request once when Slack retries it against another replica', async () => {
    const x = await started();
    const other = await startReplica(x);
    try {
      const request = x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-a' });
      await x.slack.send(request);
      const retried = await fetch(other.url, {
        method: 'POST',
        headers: {
          ...request.headers,
          'x-slack-retry-num': '1',
          'x-slack-retry-reason': 'http_timeout',
        },
        body: request.body,
      });
      expect(retried.status).toBe(200);
      await eventually(() => expect(x.dispatcher.calls).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(x.dispatcher.calls).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('answers a button on a message posted by another replica', async () => {
    const x = await started();
    const other = await startReplica(x);
    try {
      await x.notify(
        'c-eu',
        (await import('./support/notifications.js')).reminder('n-1', 'team-a', 'ana@example.com'),
      );
      const dm = await eventually(() => {
        const [message] = x.sim.workspace.dm(x.ana.id);
        if (!message) throw new Error('no reminder yet');
        return message;
      });
      await other.slack.send(
        other.slack.messageAction({ userId: x.ana.id, message: dm, actionId: 'curfew_suspend' }),
      );
      await eventually(() => expect(x.dispatcher.dispatched).toHaveLength(1));
    } finally {
      await other.close();
    }
  });
});

describe('answering within three seconds', () => {
  it('acknowledges a command even while the cluster has not answered', async () => {
    const x = await started();
    let release: () => void = () => {};
    x.dispatcher.script = (_request, commandId) =>
      new Promise((resolve) => {
        release = () => resolve({ state: 'pending', commandId });
      });
    const reply = await x.slack.send(
      x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-a' }),
    );
    expect(reply.status).toBe(200);
    await eventually(() => expect(x.dispatcher.calls).toHaveLength(1));
    release();
  });
});

describe('startup', () => {
  it.each([
    {
      name: 'an empty signing secret stops startup',
      signingSecret: '',
      error: /signing secret is missing/,
    },
    {
      name: 'a blank signing secret stops startup',
      signingSecret: '   ',
      error: /signing secret is missing/,
    },
  ])('$name', ({ signingSecret, error }) => {
    const redis = new Redis({ lazyConnect: true });
    try {
      expect(() =>
        mountSlack(express(), {
          config: { signingSecret, botToken: 'xoxb-1' },
          namespaces: new FakeNamespaces(),
          dispatcher: new FakeDispatcher(),
          audit: new FakeAudit(),
          clusters: new FakeClusters(),
          redis,
          bullConnection: { lazyConnect: true },
        }),
      ).toThrow(error);
    } finally {
      redis.disconnect();
    }
  });
});
