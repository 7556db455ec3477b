import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { Action, NamespaceState } from '@curfew/proto';
import { type Browser, chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
// The real hub Slack side (express + Bolt + outbox on a real redis-server, fake ports),
// mounted exactly as the other Slack tests here do, seen through slack-sim's web page.
import { succeeded, summary } from './support/fakes.js';
import { eventually, type Harness, SIGNING_SECRET, startHarness } from './support/harness.js';
import { reminder } from './support/notifications.js';

/** Debian's Chromium; `bin/ensure-chromium` installs it. Playwright never downloads one. */
const CHROMIUM = '/usr/bin/chromium';
const RESULTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));

let harness: Harness | undefined;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
  await harness?.close();
  harness = undefined;
});

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const skipReason = `${CHROMIUM} not found: run bin/ensure-chromium (as root it installs Debian's chromium)`;

/** The real hub with ana's reminder for team-a delivered to her DM, and the page's app set. */
async function hubWithReminder() {
  const h = await startHarness();
  harness = h;
  h.sim.connectApp({ url: h.url, signingSecret: SIGNING_SECRET });
  h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
  // As the hub does: a notification from the cluster, through the outbox, into Slack.
  await h.notify('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
  const posted = await eventually(() => {
    const [message] = h.sim.workspace.dm(h.ana.id);
    if (!message) throw new Error('the reminder has not reached the sim yet');
    return message;
  });
  return { h, posted };
}

/** Headless Chromium on ana's DM; `problems` collects page errors and console errors. */
async function openPage(h: Harness) {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  const page = await browser.newPage({ viewport: { width: 1100, height: 560 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  await page.goto(`${h.sim.url}?user=${h.ana.id}&view=dm`);
  return { page, problems };
}

describe('the slack-sim page in a browser', () => {
  it('snoozes a reminder for 3 hours: the hub hears SNOOZE 3h and the message updates on the page', {
    timeout: 90_000,
  }, async (ctx) => {
    ctx.skip(!existsSync(CHROMIUM), skipReason);
    const { h, posted } = await hubWithReminder();
    // As an agent answers a snooze: still running, with the shutdown moved three hours on.
    h.dispatcher.script = (request, commandId) =>
      succeeded(commandId, request, {
        state: NamespaceState.RUNNING,
        nextShutdown: timestampFromMs(Date.now() + 3 * 3_600_000),
      });
    const { page, problems } = await openPage(h);
    const message = page.locator(`.message[data-ts="${posted.ts}"]`);
    await message.getByText('will be suspended').waitFor();
    await expect(page.locator('#title').textContent()).resolves.toBe('curfew (direct message)');
    await mkdir(RESULTS, { recursive: true });
    await page.screenshot({ path: `${RESULTS}slack-sim-reminder.png`, fullPage: true });

    await message.locator('select[data-action-id="curfew_snooze"]').selectOption('3h');

    await message.getByText('Snoozed for 3h').waitFor({ timeout: 15_000 });
    await message.getByText('(edited').waitFor();
    await expect(message.textContent()).resolves.not.toContain('suspended');
    await page.screenshot({ path: `${RESULTS}slack-sim-snooze.png`, fullPage: true });

    expect(await page.locator('.message').count()).toBe(1);
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(h.dispatcher.dispatched).toEqual([
      expect.objectContaining({
        action: Action.SNOOZE,
        clusterId: 'c-eu',
        namespace: 'team-a',
        requestedBy: h.ana.id,
        durationMs: 3 * 3_600_000,
      }),
    ]);
    expect(problems).toEqual([]);
  });

  it('asks before Delete in a modal, shows the app refusing a badly signed click, then deletes', {
    timeout: 90_000,
  }, async (ctx) => {
    ctx.skip(!existsSync(CHROMIUM), skipReason);
    const { h, posted } = await hubWithReminder();
    const { page, problems } = await openPage(h);
    const message = page.locator(`.message[data-ts="${posted.ts}"]`);
    const modal = page.getByRole('dialog');
    const deleteButton = message.getByRole('button', { name: 'Delete' });

    await deleteButton.click();
    await expect(modal.locator('h2').textContent()).resolves.toBe('Delete team-a?');
    await expect(modal.textContent()).resolves.toContain('It cannot be undone.');
    await mkdir(RESULTS, { recursive: true });
    await page.screenshot({ path: `${RESULTS}slack-sim-confirm.png`, fullPage: true });
    await modal.getByRole('button', { name: 'Cancel' }).click();
    await modal.waitFor({ state: 'detached' });

    // A wrong secret: the hub must refuse the request, and the page must say so.
    h.sim.connectApp({ url: h.url, signingSecret: 'not-the-secret' });
    await deleteButton.click();
    await modal.getByRole('button', { name: 'Delete it' }).click();
    await page.locator('#error').getByText('the app answered HTTP 401').waitFor();
    expect(h.dispatcher.dispatched).toEqual([]);

    h.sim.connectApp({ url: h.url, signingSecret: SIGNING_SECRET });
    await page.locator('#error-close').click();
    await deleteButton.click();
    await modal.getByRole('button', { name: 'Delete it' }).click();
    await message.getByText('Deleted').waitFor({ timeout: 15_000 });
    expect(h.dispatcher.dispatched.map((d) => [d.action, d.namespace])).toEqual([
      [Action.DELETE, 'team-a'],
    ]);
    // Chromium logs the refused request itself; nothing else may have gone wrong.
    expect(problems).toEqual([expect.stringContaining('status of 502 (Bad Gateway)')]);
  });
});
