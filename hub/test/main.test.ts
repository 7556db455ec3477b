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

/** A Node stack frame line, as printed for an uncaught Error. */
const stackFrame = /^\s+at /m;

describe('the hub process', () => {
  it('refuses to start without a Slack signing secret, naming the setting and where to find it', () => {
    const run = startHub({ SLACK_BOT_TOKEN: 'xoxb-test' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('invalid hub configuration:');
    expect(run.stderr).toMatch(/^ {2}SLACK_SIGNING_SECRET: not set: .*Signing Secret/m);
    expect(run.stderr).not.toMatch(stackFrame);
  });

  it('lists every missing Slack setting at once, alongside other bad settings', () => {
    const run = startHub({ COMMAND_TTL: '10' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^ {2}SLACK_SIGNING_SECRET: not set/m);
    expect(run.stderr).toMatch(/^ {2}SLACK_BOT_TOKEN: not set: .*xoxb-/m);
    expect(run.stderr).toMatch(/^ {2}COMMAND_TTL: /m);
    expect(run.stderr).not.toMatch(stackFrame);
  });

  it('refuses to start with a malformed setting, naming it', () => {
    const run = startHub({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'not-a-bot-token' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^ {2}SLACK_BOT_TOKEN: must be the bot token/m);
    expect(run.stderr).not.toMatch(stackFrame);
  });
});
