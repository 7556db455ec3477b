import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { slackAppManifest } from '../../src/slack/index.js';
import { harnessPerTest } from './support/harness.js';

const start = harnessPerTest();

async function getManifest(eventsUrl: string) {
  const response = await fetch(new URL('/slack/manifest', eventsUrl));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /slack/manifest', () => {
  it("serves the app manifest with the hub's public URL in every request URL", async () => {
    const h = await start({ publicUrl: 'https://curfew.acme.test', commandName: '/curfew' });
    const { status, body } = await getManifest(h.url);
    expect(status).toBe(200);
    expect(body).toEqual(
      slackAppManifest({ publicUrl: 'https://curfew.acme.test', commandName: '/curfew' }),
    );
    const text = JSON.stringify(body);
    expect(text).toContain('"url":"https://curfew.acme.test/slack/events"');
    expect(text).toContain('"request_url":"https://curfew.acme.test/slack/events"');
    expect(text).toContain('"command":"/curfew"');
  });

  it('says which setting is missing when the public URL is not configured', async () => {
    const h = await start();
    const { status, body } = await getManifest(h.url);
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: 'public_url_not_set' });
    expect(body.message).toMatch(/PUBLIC_URL is not set.*helm: publicUrl/);
  });
});

describe('the PUBLIC_URL setting', () => {
  it.each([
    { name: 'an https URL is taken', value: 'https://curfew.example.com', ok: true },
    { name: 'empty means not set', value: '', ok: true },
    { name: 'plain http is refused: Slack calls only https', value: 'http://x.example', ok: false },
    { name: 'a bare host is refused', value: 'curfew.example.com', ok: false },
  ])('$name', ({ value, ok }) => {
    const load = () => loadConfig({ PUBLIC_URL: value });
    if (ok) expect(load().PUBLIC_URL).toBe(value === '' ? undefined : value);
    else expect(load).toThrow(/PUBLIC_URL: must be the https URL Slack reaches the hub at/);
  });
});
