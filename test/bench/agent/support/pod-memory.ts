/**
 * The memory limit the agent's chart gives its pod, and what Node makes of it.
 *
 * In a container Node sizes V8's heap from the cgroup's memory limit instead of the machine's
 * memory (src/api/environment.cc: ResourceConstraints::ConfigureDefaults(min(total, constrained))):
 * on 64-bit the old generation gets half the limit, at least 256 MiB. The size matters beyond
 * the cap: the larger the limit, the more V8 lets the heap grow between two major GCs (on this
 * 24 GiB build machine an unconstrained agent kept ~60 MiB more garbage committed after its
 * initial LIST than the same agent given a 1 GiB pod's heap). So the bench gives the agent the
 * heap Node would derive in the chart's pod, as a flag: `--max-old-space-size` at that size is
 * the same configuration (checked on 2026-12-04 in a 1 GiB memory cgroup: heap_size_limit
 * 515 MiB both ways with --max-semi-space-size=1), and it needs no cgroup permissions.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const MIB = 2 ** 20;
const UNITS: Record<string, number> = { Ki: 2 ** 10, Mi: MIB, Gi: 2 ** 30, K: 1e3, M: 1e6, G: 1e9 };

/** `resources.limits.memory` of helm/curfew-agent/values.yaml, in bytes. */
export function chartMemoryLimitBytes(): number {
  const values = readFileSync(join(root, 'helm', 'curfew-agent', 'values.yaml'), 'utf8');
  // The top-level `resources:` block's `limits:` → `memory:` (the file is the chart's, plain
  // block YAML; this package has no YAML parser of its own).
  const block = /^resources:\n((?:[ \t]+.*\n|\n)*)/m.exec(values)?.[1] ?? '';
  const limit =
    /^\s+limits:\n(?:\s{4,}.*\n)*?\s{4,}memory:\s*"?([^"\s]+)"?/m.exec(block)?.[1] ?? '';
  const match = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(limit);
  if (!match) {
    throw new Error(
      `helm/curfew-agent/values.yaml resources.limits.memory is "${limit}", not a quantity like 1Gi`,
    );
  }
  return Number(match[1]) * (match[2] ? (UNITS[match[2]] as number) : 1);
}

/** The old-generation size (MiB) Node gives V8 in a container with that memory limit (64-bit). */
export function oldSpaceMiBForLimit(limitBytes: number): number {
  return Math.max(256, Math.floor(limitBytes / 2 / MIB));
}

/** `--max-old-space-size=…` as Node would size it in the chart's pod. */
export function podHeapOption(): string {
  return `--max-old-space-size=${oldSpaceMiBForLimit(chartMemoryLimitBytes())}`;
}
