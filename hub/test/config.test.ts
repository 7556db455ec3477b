import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadProcessConfig } from '../src/config.js';
import { slackConfigFrom } from '../src/slack/config.js';
import { hashToken } from '../src/token-hash.js';

describe('hub configuration', () => {
  it('applies defaults and parses durations into milliseconds', () => {
    const config = loadConfig({ COMMAND_TTL: '15m', HELLO_TIMEOUT: '250ms' });
    expect(config.COMMAND_TTL).toBe(900_000);
    expect(config.HELLO_TIMEOUT).toBe(250);
    expect(config.PRESENCE_TTL).toBe(35_000);
    expect(config.API_TOKENS).toEqual([]);
    // In a pod the Service reaches the hub by the pod IP: every interface unless told otherwise.
    expect(config.BIND_ADDRESS).toBe('0.0.0.0');
    expect(loadConfig({ BIND_ADDRESS: '127.0.0.1' }).BIND_ADDRESS).toBe('127.0.0.1');
  });

  it('leaves the public gRPC address unset unless told, and defaults agents to TLS', () => {
    const config = loadConfig({});
    expect(config.PUBLIC_GRPC_ADDRESS).toBeUndefined();
    expect(config.PUBLIC_GRPC_TLS).toBe(true);
    expect(config.AGENT_CHART_VERSION).toBeUndefined();
    expect(loadConfig({ PUBLIC_GRPC_TLS: 'false' }).PUBLIC_GRPC_TLS).toBe(false);
  });

  it('reads hashed API tokens', () => {
    const sha256 = hashToken('secret');
    const config = loadConfig({
      API_TOKENS: JSON.stringify([{ name: 'ci', role: 'admin', sha256 }]),
    });
    expect(config.API_TOKENS).toEqual([{ name: 'ci', role: 'admin', sha256 }]);
  });

  it.each([
    {
      name: 'a duration without a unit names the setting',
      env: { COMMAND_TTL: '10' },
      mentions: 'COMMAND_TTL:',
    },
    {
      name: 'a bind address that is not an IP address names the setting and the usual values',
      env: { BIND_ADDRESS: 'localhost' },
      mentions:
        'BIND_ADDRESS: must be an IP address to listen on, e.g. 0.0.0.0 (all interfaces) or 127.0.0.1',
    },
    {
      name: 'a port out of range names the setting',
      env: { HTTP_PORT: '70000' },
      mentions: 'HTTP_PORT:',
    },
    {
      name: 'a non-redis URL names the setting',
      env: { REDIS_URL: 'http://x' },
      mentions: 'REDIS_URL:',
    },
    {
      name: 'API tokens that are not JSON name the setting',
      env: { API_TOKENS: 'ci=abc' },
      mentions: 'API_TOKENS: must be a JSON array',
    },
    {
      name: 'an API token given in clear instead of hashed names the field',
      env: { API_TOKENS: JSON.stringify([{ name: 'ci', role: 'admin', sha256: 'plain-secret' }]) },
      mentions: 'API_TOKENS.0.sha256: must be 64 lowercase hex',
    },
    {
      name: 'a TLS certificate without its key names the missing setting',
      env: { GRPC_TLS_CERT_FILE: '/tls/tls.crt' },
      mentions: 'GRPC_TLS_KEY_FILE: set both',
    },
    {
      name: 'a hub address without a port names the setting',
      env: { PUBLIC_GRPC_ADDRESS: 'hub.example.com' },
      mentions: 'PUBLIC_GRPC_ADDRESS: must be host:port',
    },
    {
      name: 'an agent chart reference with a space names the setting',
      env: { AGENT_CHART: './charts/agent chart' },
      mentions: 'AGENT_CHART: must be a chart reference without spaces',
    },
    {
      name: 'a TLS flag that is not true or false names the setting',
      env: { PUBLIC_GRPC_TLS: 'yes' },
      mentions: 'PUBLIC_GRPC_TLS: must be true or false',
    },
    {
      name: 'an agent chart version with a space names the setting',
      env: { AGENT_CHART_VERSION: '0.1 beta' },
      mentions: 'AGENT_CHART_VERSION: must be a chart version',
    },
    {
      name: 'an agent namespace that is no DNS label names the setting',
      env: { AGENT_NAMESPACE: 'Curfew_System' },
      mentions: 'AGENT_NAMESPACE: must be a DNS label',
    },
    {
      name: 'an unknown role names the field',
      env: { API_TOKENS: JSON.stringify([{ name: 'ci', role: 'root', sha256: hashToken('x') }]) },
      mentions: 'API_TOKENS.0.role:',
    },
  ])('$name', ({ env, mentions }) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(mentions);
  });
});

describe('hub process configuration', () => {
  const slack = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-1' };

  it.each([
    {
      name: 'a missing signing secret says where to find it',
      env: { SLACK_BOT_TOKEN: 'xoxb-1' },
      mentions: 'SLACK_SIGNING_SECRET: not set: copy the Slack app\'s "Basic Information',
    },
    {
      name: 'an empty signing secret is refused like a missing one',
      env: { ...slack, SLACK_SIGNING_SECRET: '' },
      mentions: 'SLACK_SIGNING_SECRET: is empty',
    },
    {
      name: 'a missing bot token says where to find it',
      env: { SLACK_SIGNING_SECRET: 'secret' },
      mentions: 'SLACK_BOT_TOKEN: not set: copy the "Bot User OAuth Token"',
    },
    {
      name: 'a user token instead of a bot token names the setting',
      env: { ...slack, SLACK_BOT_TOKEN: 'xoxp-1' },
      mentions: 'SLACK_BOT_TOKEN: must be the bot token',
    },
    {
      name: 'a command name without a slash names the setting',
      env: { ...slack, SLACK_COMMAND: 'devenv' },
      mentions: 'SLACK_COMMAND: must look like /devenv',
    },
    {
      name: 'a Slack API URL without a trailing slash names the setting',
      env: { ...slack, SLACK_API_URL: 'http://127.0.0.1:1/api' },
      mentions: 'SLACK_API_URL: must end with "/"',
    },
  ])('$name', ({ env, mentions }) => {
    expect(() => loadProcessConfig(env)).toThrow(ConfigError);
    expect(() => loadProcessConfig(env)).toThrow(mentions);
  });

  it('a hub built for tests may run without Slack', () => {
    expect(loadConfig({}).SLACK_SIGNING_SECRET).toBeUndefined();
  });

  it('hands the Slack side its settings under the hub key prefix', () => {
    const config = loadProcessConfig({
      ...slack,
      REDIS_PREFIX: 'team:',
      SLACK_ADMINS: 'U1, a@b.c',
    });
    expect(slackConfigFrom(config)).toMatchObject({
      signingSecret: 'secret',
      botToken: 'xoxb-1',
      admins: ['U1', 'a@b.c'],
      keyPrefix: 'team:slack:',
      outbox: { prefix: 'team:bull' },
    });
  });
});
