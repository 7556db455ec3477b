import { describe, expect, it } from 'vitest';
import { type AccessInput, authorize } from '../../../src/slack/access/authorize.js';
import { chooseDestination } from '../../../src/slack/access/destination.js';
import { extendScope } from '../../../src/slack/access/extend-scope.js';
import { isSlackUserId } from '../../../src/slack/access/identity.js';
import { pickTarget } from '../../../src/slack/commands/target.js';
import { resolveSlackConfig } from '../../../src/slack/config.js';
import { classifySlackFailure } from '../../../src/slack/outbox/slack-failure.js';
import { requestKey } from '../../../src/slack/requests/request-key.js';
import { timestampProblem } from '../../../src/slack/requests/timestamp-guard.js';
import { summary } from '../support/fakes.js';

const ana = { id: 'U0ANA', email: 'Ana@Example.com' };
const base: Omit<AccessInput, 'permission'> = {
  actor: ana,
  owner: 'ana@example.com',
  collaborators: [],
  admins: ['UROOT'],
};

describe('authorize', () => {
  it.each([
    {
      name: 'the owner by email (any case) may act',
      input: { ...base, permission: 'act' as const },
      allowed: true,
    },
    {
      name: 'the owner by user id may delete',
      input: { ...base, owner: 'U0ANA', permission: 'delete' as const },
      allowed: true,
    },
    {
      name: 'a collaborator may act',
      input: {
        ...base,
        owner: 'bob@example.com',
        collaborators: ['U0ANA'],
        permission: 'act' as const,
      },
      allowed: true,
    },
    {
      name: 'a collaborator may not delete',
      input: {
        ...base,
        owner: 'bob@example.com',
        collaborators: ['ana@example.com'],
        permission: 'delete' as const,
      },
      allowed: false,
    },
    {
      name: 'an admin may delete what is not theirs',
      input: {
        ...base,
        owner: 'bob@example.com',
        admins: ['ana@example.com'],
        permission: 'delete' as const,
      },
      allowed: true,
    },
    {
      name: 'a stranger may not act',
      input: { ...base, owner: 'bob@example.com', permission: 'act' as const },
      allowed: false,
    },
    {
      name: 'without an owner nobody but admins may act',
      input: { ...base, owner: '', permission: 'act' as const },
      allowed: false,
    },
    {
      name: 'anyone may view',
      input: { ...base, owner: 'bob@example.com', permission: 'view' as const },
      allowed: true,
    },
    {
      name: 'an actor without a known email does not match an email owner',
      input: { ...base, actor: { id: 'U0ANA' }, permission: 'act' as const },
      allowed: false,
    },
  ])('$name', ({ input, allowed }) => {
    const decision = authorize(input);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) expect(decision.reason).toMatch(/owner/);
  });
});

describe('chooseDestination', () => {
  it.each([
    {
      name: 'a known owner gets a DM',
      input: {
        ownerAnnotation: 'a@x',
        ownerUserId: 'U1',
        namespaceChannel: '#ns',
        clusterChannel: '#c',
      },
      to: { user: 'U1' },
    },
    {
      name: 'else the namespace channel',
      input: {
        ownerAnnotation: 'a@x',
        ownerUserId: null,
        namespaceChannel: '#ns',
        clusterChannel: '#c',
      },
      to: { channel: '#ns' },
    },
    {
      name: 'else the cluster channel',
      input: {
        ownerAnnotation: 'a@x',
        ownerUserId: null,
        namespaceChannel: ' ',
        clusterChannel: '#c',
      },
      to: { channel: '#c' },
    },
    {
      name: 'else nobody',
      input: {
        ownerAnnotation: '',
        ownerUserId: null,
        namespaceChannel: '',
        clusterChannel: undefined,
      },
      to: null,
    },
  ])('$name', ({ input, to }) => {
    expect(chooseDestination(input).to).toEqual(to);
  });
});

describe('pickTarget', () => {
  const clusters = [
    { clusterId: 'c1', name: 'eu', connected: true },
    { clusterId: 'c2', name: 'us', connected: true },
  ];
  const found = [
    { clusterId: 'c1', summary: summary({ name: 'app' }), seenAt: 0 },
    { clusterId: 'c2', summary: summary({ name: 'app' }), seenAt: 0 },
  ];
  it.each([
    {
      name: 'one match is the target',
      ref: { namespace: 'app' },
      found: found.slice(0, 1),
      kind: 'one',
    },
    {
      name: 'two matches are a question, never a guess',
      ref: { namespace: 'app' },
      found,
      kind: 'ambiguous',
    },
    {
      name: 'a cluster name picks one of several',
      ref: { cluster: 'us', namespace: 'app' },
      found,
      kind: 'one',
    },
    {
      name: 'an unknown cluster is an answer, not a guess',
      ref: { cluster: 'mars', namespace: 'app' },
      found,
      kind: 'none',
    },
    { name: 'no match is an answer', ref: { namespace: 'app' }, found: [], kind: 'none' },
  ])('$name', ({ ref, found: f, kind }) => {
    expect(pickTarget(ref, clusters, f).kind).toBe(kind);
  });

  const known = [
    { clusterId: 'c1', name: 'payments' },
    { clusterId: 'c2', name: 'checkout' },
  ];
  const messageOf = (ref: { cluster?: string; namespace: string }) => {
    const picked = pickTarget(ref, clusters, [], known);
    return picked.kind === 'none' ? picked.message : picked.kind;
  };
  it.each([
    {
      name: 'a typo of a known namespace gets a did-you-mean',
      ref: { namespace: 'paymets' },
      says: 'There is no namespace `paymets` in any cluster. Did you mean `payments`?',
    },
    {
      name: 'a name close to nothing points to list',
      ref: { namespace: 'billing' },
      says: 'There is no namespace `billing` in any cluster. Check the name with `list`.',
    },
    {
      name: 'with a cluster written, only that cluster’s namespaces are suggested',
      ref: { cluster: 'us', namespace: 'paymets' },
      says: 'There is no namespace `paymets` in cluster `us`.',
    },
    {
      name: 'a typo within the written cluster gets a did-you-mean',
      ref: { cluster: 'us', namespace: 'chekout' },
      says: 'There is no namespace `chekout` in cluster `us`. Did you mean `checkout`?',
    },
  ])('$name', ({ ref, says }) => {
    expect(messageOf(ref)).toBe(says);
  });
});

describe('timestampProblem', () => {
  const now = 1_700_000_000_000;
  it.each([
    { name: 'now is fine', header: '1700000000', ok: true },
    { name: 'five minutes ago is still fine', header: String(1_700_000_000 - 300), ok: true },
    {
      name: 'five minutes and a second ago is stale',
      header: String(1_700_000_000 - 301),
      ok: false,
    },
    { name: 'far in the future is refused', header: String(1_700_000_000 + 301), ok: false },
    { name: 'a missing header is refused', header: undefined, ok: false },
    { name: 'a non-number is refused', header: '17e8', ok: false },
  ])('$name', ({ header, ok }) => {
    expect(timestampProblem(header, now) === undefined).toBe(ok);
  });
});

describe('requestKey', () => {
  it.each([
    {
      name: 'an event is keyed by its event_id',
      body: { event_id: 'Ev1', event: {} },
      key: 'event:Ev1',
    },
    {
      name: 'a slash command by trigger and user',
      body: { trigger_id: 't1', user_id: 'U1' },
      key: 'trigger:t1:U1',
    },
    {
      name: 'an action by trigger and user',
      body: { trigger_id: 't2', user: { id: 'U2' } },
      key: 'trigger:t2:U2',
    },
    {
      name: 'an action without trigger by action_ts',
      body: { user: { id: 'U3' }, actions: [{ action_ts: '1.2', action_id: 'a' }] },
      key: 'action:1.2:a:U3',
    },
    { name: 'nothing stable gives no key', body: {}, key: undefined },
  ])('$name', ({ body, key }) => {
    expect(requestKey(body)).toBe(key);
  });
});

describe('classifySlackFailure', () => {
  it.each([
    {
      name: '429 waits Retry-After',
      error: { code: 'slack_webapi_rate_limited_error', retryAfter: 30 },
      kind: 'rate-limited',
    },
    {
      name: 'p-retry wrapped 429 is unwrapped',
      error: { originalError: { code: 'slack_webapi_rate_limited_error', retryAfter: 3 } },
      kind: 'rate-limited',
    },
    {
      name: 'channel_not_found is permanent',
      error: { code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } },
      kind: 'permanent',
    },
    {
      name: 'internal_error is transient',
      error: { code: 'slack_webapi_platform_error', data: { error: 'internal_error' } },
      kind: 'transient',
    },
    {
      name: 'a timeout leaves the outcome unknown',
      error: { code: 'slack_webapi_request_error', message: 'aborted' },
      kind: 'uncertain',
    },
    {
      name: 'a 5xx leaves the outcome unknown',
      error: { code: 'slack_webapi_http_error' },
      kind: 'uncertain',
    },
  ])('$name', ({ error, kind }) => {
    expect(classifySlackFailure(error).kind).toBe(kind);
  });

  it('turns Retry-After seconds into milliseconds', () => {
    expect(
      classifySlackFailure({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 }),
    ).toEqual({ kind: 'rate-limited', retryAfterMs: 30_000 });
  });
});

describe('isSlackUserId', () => {
  it.each([
    { name: 'U ids are user ids', value: 'U012ABCDEF', is: true },
    { name: 'W ids (Enterprise Grid) are user ids', value: 'W012ABCDEF', is: true },
    { name: 'emails are not', value: 'ana@example.com', is: false },
    { name: 'channel ids are not', value: 'C012ABCDEF', is: false },
  ])('$name', ({ value, is }) => expect(isSlackUserId(value)).toBe(is));
});

describe('resolveSlackConfig', () => {
  it.each([
    {
      name: 'a missing signing secret names the setting',
      config: { signingSecret: '', botToken: 'xoxb-1' },
      error: /Signing Secret/,
    },
    {
      name: 'a user token instead of a bot token is refused',
      config: { signingSecret: 's', botToken: 'xoxp-1' },
      error: /xoxb-/,
    },
    {
      name: 'a command name without a slash is refused',
      config: { signingSecret: 's', botToken: 'xoxb-1', commandName: 'devenv' },
      error: /\/devenv/,
    },
    {
      name: 'an API URL without a trailing slash is refused',
      config: { signingSecret: 's', botToken: 'xoxb-1', slackApiUrl: 'http://x/api' },
      error: /end with/,
    },
  ])('$name', ({ config, error }) => {
    expect(() => resolveSlackConfig(config)).toThrow(error);
  });

  it('fills defaults', () => {
    const config = resolveSlackConfig({ signingSecret: 's', botToken: 'xoxb-1' });
    expect(config).toMatchObject({ endpoint: '/slack/events', commandName: '/devenv', admins: [] });
  });
});

describe('slackAppManifest', () => {
  it('points the command, interactivity and events at the hub endpoint', async () => {
    const { slackAppManifest } = await import('../../../src/slack/index.js');
    const manifest = slackAppManifest({
      publicUrl: 'https://curfew.example.com/',
      commandName: '/curfew',
    }) as {
      features: { slash_commands: { command: string; url: string }[] };
      settings: {
        interactivity: { request_url: string };
        event_subscriptions: { bot_events: string[] };
      };
      oauth_config: { scopes: { bot: string[] } };
    };
    expect(manifest.features.slash_commands[0]).toMatchObject({
      command: '/curfew',
      url: 'https://curfew.example.com/slack/events',
    });
    expect(manifest.settings.interactivity.request_url).toBe(
      'https://curfew.example.com/slack/events',
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['users:read.email', 'im:history', 'commands']),
    );
  });

  it('refuses a plain-http URL, which Slack would not call', async () => {
    const { slackAppManifest } = await import('../../../src/slack/index.js');
    expect(() => slackAppManifest({ publicUrl: 'http://curfew.example.com' })).toThrow(/https/);
  });
});

describe('extendScope', () => {
  const eu = (name: string, owner: string, collaborators: string[] = []) => ({
    clusterId: 'c-eu',
    name,
    owner,
    collaborators,
  });
  it.each([
    {
      name: 'an admin extends everything, whatever they own',
      actor: { id: 'UROOT' },
      namespaces: [eu('team-b', 'bob@example.com')],
      expected: { kind: 'all' },
    },
    {
      name: 'an owner extends only their namespaces',
      actor: ana,
      namespaces: [eu('team-b', 'bob@example.com'), eu('team-a', 'ana@example.com')],
      expected: { kind: 'namespaces', count: 1, byCluster: new Map([['c-eu', ['team-a']]]) },
    },
    {
      name: 'a collaborator extends the namespaces they collaborate on',
      actor: ana,
      namespaces: [eu('team-b', 'bob@example.com', ['U0ANA'])],
      expected: { kind: 'namespaces', count: 1, byCluster: new Map([['c-eu', ['team-b']]]) },
    },
    {
      name: 'namespaces in clusters not asked for are left out',
      actor: ana,
      namespaces: [{ ...eu('team-a', 'ana@example.com'), clusterId: 'c-us' }],
      expected: { kind: 'none' },
    },
    {
      name: 'someone with no namespace of their own is refused',
      actor: ana,
      namespaces: [eu('team-b', 'bob@example.com')],
      expected: { kind: 'none' },
    },
  ])('$name', ({ actor, namespaces, expected }) => {
    expect(
      extendScope({ actor, admins: ['UROOT'], namespaces, clusterIds: ['c-eu'] }),
    ).toMatchObject(expected);
  });
});
