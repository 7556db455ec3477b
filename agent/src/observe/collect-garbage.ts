/**
 * A memory-reducing full garbage collection, when node runs with --expose-gc (the image does:
 * agent/Dockerfile). main.ts calls it after the initial LIST of every watched kind, again once
 * the startup work is done, and every few minutes in the steady state (why each: there).
 *
 * The LIST parses every object of the cluster (tens of MiB of JSON for 20,000 Pods) and keeps
 * only the few fields the agent reads; the rest is garbage that V8 would otherwise keep
 * committed until its own heuristics run a major GC, minutes later or never on a quiet cluster.
 * The `last-resort` flavor is V8's CollectAllAvailableGarbage: repeated full GCs that compact
 * the heap and give pooled pages back, not one plain GC that leaves the LIST's half-empty pages
 * committed — at full bench size V8's pages after the sync are ~32 MiB this way, ~40 MiB after
 * a plain gc() (agent/README.md, "Memory"). A pause of some tens of milliseconds each time.
 * Without the flag: nothing.
 */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: (options?: GcOptions) => void }).gc;
  if (typeof gc !== 'function') return false;
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}

/** V8's gc extension (--expose-gc) takes these; Node 24's V8 reads all three. */
interface GcOptions {
  type: 'major' | 'minor';
  execution: 'sync' | 'async';
  flavor: 'regular' | 'last-resort';
}
