import { fileURLToPath } from 'node:url';
import { spawnNodeSync } from '@curfew/test-support';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function startHub(env: Record<string, string>) {
  // The real Node binary, not the tsx wrapper: the timeout's SIGTERM must reach the hub itself.
  return spawnNodeSync(main, {
    // The hub stops before touching Redis or any port when its settings are wrong.
    env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', GRPC_PORT: '0', ...env },
    timeout: 30_000,
  });
}

describe('the hub process', () => {
  it('refuses to start without a Slack signing secret, saying where to find it', () => {
    const run = startHub({ SLACK_BOT_TOKEN: 'xoxb-test' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Signing Secret');
  });

  it('refuses to start with a malformed setting, naming it', () => {
    const run = startHub({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'not-a-bot-token' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN');
  });
});
