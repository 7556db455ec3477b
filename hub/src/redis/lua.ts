/**
 * Composing Lua scripts from others: a script written against KEYS[1…] and ARGV[1…] can run
 * inside a larger one whose own keys and arguments come first, so each part keeps the text
 * (and the tests) it has on its own.
 */

/** `script` with every KEYS[n] read as KEYS[n + keys] and every ARGV[n] as ARGV[n + argv]. */
export function shiftLua(script: string, keys: number, argv: number): string {
  return script
    .replace(/KEYS\[(\d+)\]/g, (_match, n: string) => `KEYS[${Number(n) + keys}]`)
    .replace(/ARGV\[(\d+)\]/g, (_match, n: string) => `ARGV[${Number(n) + argv}]`);
}
