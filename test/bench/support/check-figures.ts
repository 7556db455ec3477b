/**
 * bin/bench's last step: `tsx test/bench/support/check-figures.ts <vitest-json> [--all]`.
 * Prints the figures table; exits 1 when a bench did not run, failed or recorded no figures.
 * With `--all` every bench file under test/bench/ must be in the report (bin/test's smoke run),
 * so a new bench file that is not wired fails CI.
 */
import { globSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BENCH_FILES,
  checkBenchReport,
  figuresTable,
  strayFiles,
  type VitestJsonReport,
} from './report.js';
import { benchSize } from './size.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const [reportPath, flag] = process.argv.slice(2);
if (!reportPath) {
  console.error('usage: check-figures.ts <vitest-json-report> [--all]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as VitestJsonReport;
const all = flag === '--all';
const expected = all
  ? globSync(BENCH_FILES, { cwd: root })
  : report.testResults.map((r) => relative(root, r.name));
const { rows, problems } = checkBenchReport(report, expected, root);
if (all) {
  const files = globSync('test/bench/**/*', { cwd: root, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, resolve(root, entry.parentPath, entry.name)));
  problems.push(...strayFiles(files));
}
// The smoke size only proves each bench still runs; its figures mean nothing, so only count them.
if (benchSize() === 'full') console.log(`\nbench figures:\n${figuresTable(rows)}`);
else {
  const tests = new Set(rows.map((r) => `${r.file}\0${r.test}`)).size;
  console.log(
    `\nbench (${benchSize()}): ${expected.length} files, ${tests} tests, ${rows.length} figures recorded`,
  );
}
if (problems.length > 0) {
  console.error(`\nbench problems:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
