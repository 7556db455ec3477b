/**
 * One full garbage collection, when node runs with --expose-gc (the image does: agent/Dockerfile).
 *
 * Called once, after the initial LIST of every watched kind. That LIST parses every object of
 * the cluster (tens of MiB of JSON for 20,000 Pods) and keeps only the few fields the agent
 * reads; the rest is garbage that V8 would otherwise keep committed until its own heuristics
 * run a major GC, minutes later or never on a quiet cluster. Collecting it at once returns
 * ~8 MiB of RSS at full bench size (agent/README.md, "Memory"); it costs one pause of a few
 * tens of milliseconds, at a moment when nothing else is running. Without the flag: nothing.
 */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return false;
  gc();
  return true;
}
