/**
 * bin/bench's last step: `tsx test/bench/support/check-figures.ts <vitest-json> [--all]`.
 * Prints the figures table; exits 1 when a bench did not run, failed or recorded no figures.
 * With `--all` every bench file under test/bench/ must be in the report (bin/test's smoke run),
 * so a new bench file that is not wired fails CI.
 */
import { globSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBenchReport, figuresTable, type VitestJsonReport } from './report.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const [reportPath, flag] = process.argv.slice(2);
if (!reportPath) {
  console.error('usage: check-figures.ts <vitest-json-report> [--all]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as VitestJsonReport;
const expected =
  flag === '--all'
    ? globSync('test/bench/**/*.bench.ts', { cwd: root })
    : report.testResults.map((r) => relative(root, r.name));
const { rows, problems } = checkBenchReport(report, expected, root);
console.log(`\nbench figures (${expected.length} files):\n${figuresTable(rows)}`);
if (problems.length > 0) {
  console.error(`\nbench problems:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
