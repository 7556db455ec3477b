/**
 * `bin/release` (run from the repository root): finds the container engine and helm, then runs
 * the plan of plan.ts step by step, printing each command first. --dry-run prints the plan and
 * runs nothing, so it needs no engine.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { parseReleaseArgs, RELEASE_USAGE, ReleaseUsageError } from './options.js';
import { describeStep, type ReleaseStep, releasePlan } from './plan.js';
import { stageChart } from './stage.js';

const ENGINES = ['docker', 'podman'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The command as the shell would find it, or undefined. */
function which(command: string): string | undefined {
  if (command.includes('/')) return executable(command) ? command : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** Both charts are released together with one version: Chart.yaml must agree. */
function chartVersion(): string {
  const versions = ['curfew-hub', 'curfew-agent'].map((chart) => {
    const meta = parse(readFileSync(join('helm', chart, 'Chart.yaml'), 'utf8')) as {
      version?: unknown;
    };
    return String(meta.version);
  });
  if (versions[0] !== versions[1]) {
    throw new ReleaseUsageError(
      `bin/release: helm/curfew-hub/Chart.yaml says version ${versions[0]} but helm/curfew-agent/Chart.yaml says ${versions[1]}; make them equal or pass --version`,
    );
  }
  return versions[0] as string;
}

function git(args: string[]): string | undefined {
  const run = spawnSync('git', args, { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function main(argv: string[]): void {
  let options: ReturnType<typeof parseReleaseArgs>;
  try {
    options = parseReleaseArgs(argv, chartVersion());
  } catch (error) {
    if (error instanceof ReleaseUsageError) fail(error.message);
    throw error;
  }
  if (options === undefined) {
    process.stdout.write(RELEASE_USAGE);
    return;
  }
  let engine = options.engine ?? 'docker';
  if (!options.chartsOnly) {
    const found = options.engine ? which(options.engine) : ENGINES.map(which).find(Boolean);
    if (found) engine = options.engine ?? (found.split('/').at(-1) as string);
    else if (options.dryRun) {
      process.stderr.write(
        `bin/release: ${options.engine ? `'${options.engine}' is not on PATH` : 'neither docker nor podman is on PATH'}; the commands below say ${engine}\n`,
      );
    } else {
      fail(
        options.engine
          ? `bin/release: the container engine '${options.engine}' is not on PATH. Install it, pass --engine with its path, or use --charts-only and build the images elsewhere.`
          : `bin/release: no container engine: neither docker nor podman is on PATH. Install one (or pass --engine <path>), or run with --charts-only and push the images from elsewhere as <registry>/hub:<version> and <registry>/agent:<version>. --dry-run prints every command without one.`,
      );
    }
  }
  if (!options.chartsOnly && !options.dryRun) engineReachable(engine);
  if (!options.dryRun && which('helm') === undefined) {
    fail('bin/release: helm is not on PATH; run bin/setup (it puts helm in node_modules/.bin)');
  }
  const revision = git(['rev-parse', 'HEAD']);
  if (!options.chartsOnly && revision && git(['status', '--porcelain'])) {
    process.stderr.write(
      `bin/release: the work tree has uncommitted changes; the images contain them but are labelled ${revision}\n`,
    );
  }
  const steps = releasePlan({ options, engine, helm: 'helm', root: '.', revision });
  for (const step of steps) {
    process.stdout.write(`${options.dryRun ? '' : '+ '}${describeStep(step)}\n`);
    if (!options.dryRun) run(step);
  }
  if (!options.dryRun) {
    process.stdout.write(
      options.noPush
        ? `released nothing (--no-push): the charts are in ${options.out}\n`
        : `released ${options.version}: charts at ${options.charts}/curfew-hub and ${options.charts}/curfew-agent\n`,
    );
  }
}

/** An installed docker CLI with no daemon behind it fails late, mid-upload; ask it first. */
function engineReachable(engine: string): void {
  const info = spawnSync(engine, ['info'], { encoding: 'utf8', timeout: 60_000 });
  if (info.status === 0) return;
  const why = (info.stderr || info.stdout || info.error?.message || '').trim().split('\n').at(-1);
  fail(
    `bin/release: ${engine} is installed but cannot build (\`${engine} info\` failed: ${why}). Start its daemon (or service), or run with --charts-only and build the images elsewhere.`,
  );
}

function run(step: ReleaseStep): void {
  if (step.kind === 'stage') {
    stageChart(step.from, step.to, step.values);
    return;
  }
  const [command, ...args] = step.argv as [string, ...string[]];
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    fail(
      `bin/release: this step failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}); nothing after it ran. Every step is safe to repeat: fix the cause and run bin/release again.\n  ${describeStep(step)}`,
    );
  }
}

main(process.argv.slice(2));
