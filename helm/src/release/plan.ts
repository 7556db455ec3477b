/**
 * What a release does, as data: the commands `bin/release` runs (or prints with --dry-run) and
 * the one file edit it makes. Pure, so the order and every argument are table-tested; the shell
 * (main.ts) only finds the engine and runs the steps.
 *
 * Order matters: both images are pushed before any chart, so a published chart never names an
 * image that is not there yet; the agent chart is pushed before the hub chart, whose install
 * notes print the agent chart's reference.
 */
import { join } from 'node:path';
import type { ReleaseOptions } from './options.js';

export type ChartName = 'curfew-hub' | 'curfew-agent';

export type ReleaseStep =
  | { kind: 'run'; argv: string[] }
  /** Copy a chart to `to` and set these values.yaml keys (dotted paths) in the copy. */
  | { kind: 'stage'; chart: ChartName; from: string; to: string; values: Record<string, string> };

export interface ReleaseInput {
  options: ReleaseOptions;
  /** The engine to run (`docker`, `podman` or a path). */
  engine: string;
  /** helm to run. */
  helm: string;
  /** The repository root: the images' build context, and where helm/ is. */
  root: string;
  /** The commit being released, for the images' OCI revision label, when known. */
  revision: string | undefined;
}

const APPS = [
  { app: 'hub', dockerfile: 'hub/Dockerfile', chart: 'curfew-hub' },
  { app: 'agent', dockerfile: 'agent/Dockerfile', chart: 'curfew-agent' },
] as const;

export function imageRef(options: ReleaseOptions, app: 'hub' | 'agent'): string {
  return `${options.registry}/${app}:${options.version}`;
}

/** The `.tgz` helm package writes: `<out>/<chart>-<version>.tgz`. */
export function packagedChart(options: ReleaseOptions, chart: ChartName): string {
  return join(options.out, `${chart}-${options.version}.tgz`);
}

export function releasePlan(input: ReleaseInput): ReleaseStep[] {
  const { options, engine, helm, root } = input;
  const steps: ReleaseStep[] = [];
  if (!options.chartsOnly) {
    for (const { app, dockerfile } of APPS) {
      const labels = [
        `org.opencontainers.image.title=curfew-${app}`,
        `org.opencontainers.image.version=${options.version}`,
        ...(input.revision ? [`org.opencontainers.image.revision=${input.revision}`] : []),
      ];
      steps.push({
        kind: 'run',
        argv: [
          engine,
          'build',
          '-f',
          join(root, dockerfile),
          '-t',
          imageRef(options, app),
          ...labels.flatMap((label) => ['--label', label]),
          root,
        ],
      });
    }
    if (!options.noPush) {
      for (const { app } of APPS) {
        steps.push({ kind: 'run', argv: [engine, 'push', imageRef(options, app)] });
      }
    }
  }
  // The charts' defaults name the images and the agent chart of this release, so a plain
  // `helm install` (and the command the hub prints) needs no --set for them.
  const stage = join(options.out, 'stage');
  for (const { app, chart } of [...APPS].reverse()) {
    const values: Record<string, string> = { 'image.repository': `${options.registry}/${app}` };
    if (chart === 'curfew-hub') values.agentChart = `${options.charts}/curfew-agent`;
    steps.push({
      kind: 'stage',
      chart,
      from: join(root, 'helm', chart),
      to: join(stage, chart),
      values,
    });
    steps.push({
      kind: 'run',
      argv: [
        helm,
        'package',
        join(stage, chart),
        '--version',
        options.version,
        '--app-version',
        options.version,
        '--destination',
        options.out,
      ],
    });
  }
  if (!options.noPush) {
    for (const chart of ['curfew-agent', 'curfew-hub'] as const) {
      steps.push({
        kind: 'run',
        argv: [helm, 'push', packagedChart(options, chart), options.charts],
      });
    }
  }
  return steps;
}

/** One argument as a POSIX shell reads it back. */
function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** A step as the line --dry-run prints: a command to paste, or a comment for the file edit. */
export function describeStep(step: ReleaseStep): string {
  if (step.kind === 'run') return step.argv.map(shellQuote).join(' ');
  const sets = Object.entries(step.values)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  return `# copy ${step.from} to ${step.to}, setting in its values.yaml: ${sets}`;
}
