import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { renderBlocks } from '../../src/web/client/render-blocks.js';
import { toHtml } from '../../src/web/client/vnode.js';
import { onCleanup, REMINDER_BLOCKS, runCleanups, setup } from './support/page-fixture.js';

afterEach(runCleanups);

describe('the page and its files', () => {
  it('serves the page with a strict content security policy', async () => {
    const { sim } = await setup();
    const response = await fetch(sim.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain(
      "default-src 'none'; script-src 'self'",
    );
    expect(await response.text()).toContain('<script type="module" src="/ui/assets/main.js">');
  });

  it.each([
    {
      name: 'the shell script is served as JavaScript',
      file: 'main.js',
      status: 200,
      type: 'text/javascript',
    },
    {
      name: 'a TypeScript renderer is served as JavaScript',
      file: 'render-blocks.js',
      status: 200,
      type: 'text/javascript',
    },
    { name: 'the style sheet is served as CSS', file: 'style.css', status: 200, type: 'text/css' },
    {
      name: 'an unknown file is not found',
      file: 'nope.js',
      status: 404,
      type: 'application/json',
    },
    {
      name: 'an encoded path out of the folder is not found',
      file: '%2e%2e%2fserver.ts',
      status: 404,
      type: 'application/json',
    },
    {
      name: 'a TypeScript source is not served as such',
      file: 'vnode.ts',
      status: 404,
      type: 'application/json',
    },
  ])('$name', async ({ file, status, type }) => {
    const { sim } = await setup();
    const response = await fetch(`${sim.url}ui/assets/${file}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain(type);
  });

  it('serves renderers that run as plain JavaScript and agree with the TypeScript ones', async () => {
    const { sim } = await setup();
    const dir = await mkdtemp(join(tmpdir(), 'slack-sim-assets-'));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    for (const file of ['vnode.js', 'emoji.js', 'slack-date.js', 'mrkdwn.js', 'render-blocks.js']) {
      const response = await fetch(`${sim.url}ui/assets/${file}`);
      await writeFile(join(dir, file), await response.text());
    }
    // Plain files outside the package: only the JavaScript engine reads them, no TypeScript.
    const served = (await import(pathToFileURL(join(dir, 'render-blocks.js')).href)) as {
      renderBlocks: typeof renderBlocks;
    };
    const vnode = (await import(pathToFileURL(join(dir, 'vnode.js')).href)) as {
      toHtml: typeof toHtml;
    };
    expect(vnode.toHtml(served.renderBlocks(REMINDER_BLOCKS))).toBe(
      toHtml(renderBlocks(REMINDER_BLOCKS)),
    );
  });
});
