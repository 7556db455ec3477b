/**
 * Writes the agent chart's copies of @curfew/contracts (files/rbac-rules.yaml, files/webhooks.yaml)
 * and the Slack app manifest (helm/slack-app-manifest.yaml, from the hub's slackAppManifest()),
 * or with `--check` fails when a committed copy differs. Run by bin/generate:
 *   tsx helm/src/generate-chart-files.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChartFile, renderChartFiles } from './chart-files.js';
import { renderSlackManifestFile } from './slack-manifest-file.js';

/** Every file this generator writes. */
export function generatedFiles(): ChartFile[] {
  return [...renderChartFiles(), renderSlackManifestFile()];
}

/** The generated files whose committed text is not what the contracts render now. */
export function staleChartFiles(read = (path: string) => readFileSync(path, 'utf8')): string[] {
  return generatedFiles()
    .filter(({ path, text }) => {
      try {
        return read(path) !== text;
      } catch {
        return true;
      }
    })
    .map(({ path }) => path);
}

function main(check: boolean) {
  const shown = (path: string) => relative(process.cwd(), path);
  if (check) {
    const stale = staleChartFiles();
    if (stale.length > 0) {
      console.error(
        `generated files are stale: run bin/generate and commit ${stale.map(shown).join(', ')}`,
      );
      process.exit(1);
    }
    console.log('generated chart files and Slack manifest are up to date');
    return;
  }
  for (const { path, text } of generatedFiles()) {
    writeFileSync(path, text);
    console.log(`generated ${shown(path)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.includes('--check'));
