import { describe, expect, it } from 'vitest';
import { hashToken } from '../src/agents/token-store.js';
import { ConfigError, loadConfig } from '../src/config.js';

describe('hub configuration', () => {
  it('applies defaults and parses durations into milliseconds', () => {
    const config = loadConfig({ COMMAND_TTL: '15m', HELLO_TIMEOUT: '250ms' });
    expect(config.COMMAND_TTL).toBe(900_000);
    expect(config.HELLO_TIMEOUT).toBe(250);
    expect(config.PRESENCE_TTL).toBe(35_000);
    expect(config.API_TOKENS).toEqual([]);
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
