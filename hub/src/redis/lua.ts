/**
 * Composing Lua scripts from others: a script written against KEYS[1…] and ARGV[1…] can run
 * inside a larger one whose own keys and arguments come first, so each part keeps the text
 * (and the tests) it has on its own.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** `script` with every KEYS[n] read as KEYS[n + keys] and every ARGV[n] as ARGV[n + argv]. */
export function shiftLua(script: string, keys: number, argv: number): string {
  return script
    .replace(/KEYS\[(\d+)\]/g, (_match, n: string) => `KEYS[${Number(n) + keys}]`)
    .replace(/ARGV\[(\d+)\]/g, (_match, n: string) => `ARGV[${Number(n) + argv}]`);
}

const shas = new Map<string, string>();

/**
 * EVAL by the script's SHA1 (EVALSHA), sending the text only when Redis does not have it yet
 * (after a restart, on a new Cluster node): the scripts on every action's path are kilobytes
 * that EVAL would send, and Redis hash, on every call.
 */
export async function runScript(
  redis: Redis,
  script: string,
  numberOfKeys: number,
  ...args: string[]
): Promise<unknown> {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, numberOfKeys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script, numberOfKeys, ...args);
  }
}
