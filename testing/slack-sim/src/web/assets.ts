import { readFile } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));

/** Only plain file names: no directories, so no way out of `client/`. */
const ASSET_NAME = /^[a-z][a-z0-9-]*\.(js|css|html)$/;

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export interface Asset {
  contentType: string;
  body: string;
}

const cache = new Map<string, Asset>();

/**
 * A file of the page. `x.js` is `client/x.ts` with its types stripped when that exists
 * (the renderers are TypeScript, shared with the server and its tests; Node strips
 * erasable types without a build step), else `client/x.js` as is.
 */
export async function readAsset(name: string): Promise<Asset | undefined> {
  const match = ASSET_NAME.exec(name);
  if (!match) return undefined;
  const cached = cache.get(name);
  if (cached) return cached;
  const ext = match[1] as string;
  const contentType = TYPES[ext] as string;
  let body: string | undefined;
  if (ext === 'js') {
    const source = await readOrUndefined(`${CLIENT_DIR}${name.slice(0, -'.js'.length)}.ts`);
    if (source !== undefined) body = stripTypeScriptTypes(source, { mode: 'strip' });
  }
  body ??= await readOrUndefined(`${CLIENT_DIR}${name}`);
  if (body === undefined) return undefined;
  const asset = { contentType, body };
  cache.set(name, asset);
  return asset;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
