import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findCycles, formatReport } from './check.js';
import { importSpecifiers } from './scan-imports.js';

describe('importSpecifiers finds what a module imports', () => {
  it.each([
    { name: 'a named import', source: "import { a } from './a.js';", want: ['./a.js'] },
    { name: 'a type-only import', source: "import type { A } from './a.js';", want: ['./a.js'] },
    { name: 'a re-export', source: "export { a } from './a.js';", want: ['./a.js'] },
    { name: 'a star re-export', source: "export * from './a.js';", want: ['./a.js'] },
    { name: 'a side-effect import', source: "import './setup.js';", want: ['./setup.js'] },
    { name: 'a dynamic import', source: "const m = await import('./a.js');", want: ['./a.js'] },
    {
      name: 'an import over several lines',
      source: "import {\n  a,\n  type B,\n} from '../x/a.js';",
      want: ['../x/a.js'],
    },
    { name: 'double quotes', source: 'import x from "pkg";', want: ['pkg'] },
  ])('$name', ({ source, want }) => {
    expect(importSpecifiers(source)).toEqual(want);
  });

  it.each([
    { name: 'in a line comment', source: "// import { a } from './a.js';" },
    { name: 'in a block comment', source: "/* see: import x from './a.js' */" },
    { name: 'in a string', source: 'const s = "import { a } from \'./a.js\'";' },
    { name: 'in a template literal', source: "const s = `import { a } from './a.js'`;" },
    {
      name: 'in a template literal with an expression in it',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      source: "const s = `${f({ k: 'v' })} from './a.js' ${`import './b.js'`}`;",
    },
    { name: 'in a regular expression', source: "const r = /from '.\\/a.js'/;" },
    { name: 'a method called from or import', source: "x.from('./a.js'); y.import('./b.js');" },
  ])('ignores an import-like phrase $name', ({ source }) => {
    expect(importSpecifiers(source)).toEqual([]);
  });

  it('reads on correctly after a division, a regex with a quote, and a template', () => {
    const source = [
      'const half = total / 2;',
      'const quote = /[\'"]/g;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      'const t = `a${b}c`;',
      "import { z } from './z.js';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./z.js']);
  });
});

describe('findCycles', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  /** A throwaway repository: path → file contents. */
  function repo(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'curfew-cycles-'));
    root = dir;
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  it('finds a cycle between two files, even of types only', () => {
    const report = findCycles(
      repo({
        'app/src/a.ts': "import type { B } from './b.js';\nexport type A = B;",
        'app/src/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };",
      }),
      ['app'],
    );
    expect(report.fileCycles).toEqual([['app/src/a.ts', 'app/src/b.ts', 'app/src/a.ts']]);
  });

  it('finds a cycle between sibling folders that no single file pair shows', () => {
    const report = findCycles(
      repo({
        'app/src/flow/run.ts': "import { card } from '../blocks/card.js';",
        'app/src/flow/context.ts': 'export type Context = object;',
        'app/src/blocks/card.ts': 'export const card = 1;',
        'app/src/blocks/reply.ts': "import type { Context } from '../flow/context.js';",
      }),
      ['app'],
    );
    expect(report.fileCycles).toEqual([]);
    expect(report.folderCycles).toEqual([['app/src/blocks', 'app/src/flow', 'app/src/blocks']]);
  });

  it('lets a folder and its sub-folders use each other (the folder contains them)', () => {
    const report = findCycles(
      repo({
        'app/src/index.ts': "export { run } from './flow/run.js';",
        'app/src/ports.ts': 'export type Port = object;',
        'app/src/flow/run.ts': "import type { Port } from '../ports.js';\nexport const run = 1;",
      }),
      ['app'],
    );
    expect(report.folderCycles).toEqual([]);
  });

  it('finds packages that depend on each other by package name', () => {
    const report = findCycles(
      repo({
        'one/package.json': JSON.stringify({
          name: '@curfew/one',
          exports: { '.': './src/index.ts' },
        }),
        'one/src/index.ts': "import { two } from '@curfew/two';\nexport const one = two;",
        'two/package.json': JSON.stringify({
          name: '@curfew/two',
          exports: { '.': './src/index.ts' },
        }),
        'two/src/index.ts': 'export const two = 2;',
        'two/test/two.test.ts': "import { one } from '@curfew/one';",
      }),
      ['one', 'two'],
    );
    expect(report.fileCycles).toEqual([]);
    expect(report.folderCycles).toEqual([['one', 'two', 'one']]);
  });

  it('reports an import of ours that resolves to no file, and says what to do', () => {
    const report = findCycles(repo({ 'app/src/a.ts': "import { b } from './b.js';" }), ['app']);
    expect(report.unresolved).toEqual([{ file: 'app/src/a.ts', specifier: './b.js' }]);
    expect(formatReport(report)).toEqual([
      "unresolved:   app/src/a.ts imports './b.js', which is no file here",
    ]);
  });

  it('finds none in this repository (what bin/test checks)', () => {
    const report = findCycles(join(import.meta.dirname, '..', '..'));
    expect(formatReport(report)).toEqual([]);
    expect(report.files).toBeGreaterThan(400);
  });
});
