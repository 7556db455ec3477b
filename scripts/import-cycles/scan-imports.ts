/**
 * The module specifiers a TypeScript/JavaScript source imports: `import … from 'x'`,
 * `import type … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')` with a literal.
 *
 * A small tokenizer rather than a regular expression over the text, so that an import-like
 * phrase inside a comment, a string, a template literal or a regular expression (test data,
 * generated code in a string) is not taken for an import. It is not a parser: it only needs to
 * tell code from those four kinds of text and see which string follows `from` or `import`.
 * Type-only imports count: a cycle of types is still a cycle of concepts (and with
 * `verbatimModuleSyntax` they are easy to tell apart, so the check could drop them if needed).
 */
type Token = { kind: 'word' | 'punct'; text: string } | { kind: 'string'; value: string };

/** After these, `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

function isWordChar(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // Open `${` of template literals, so `}` knows whether it resumes a template.
  const braces: ('code' | 'template')[] = [];
  let i = 0;
  const n = source.length;

  const regexAllowed = (): boolean => {
    const last = tokens.at(-1);
    if (!last) return true;
    if (last.kind === 'string') return false;
    if (last.kind === 'word') return REGEX_AFTER_WORDS.has(last.text);
    return !/^[)\]}]$/.test(last.text);
  };

  /** Reads a template literal from just after its opening backtick or a resuming `}`. */
  const readTemplate = (): void => {
    while (i < n) {
      const c = source[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        i += 1;
        tokens.push({ kind: 'string', value: '' });
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        braces.push('template');
        tokens.push({ kind: 'punct', text: '${' });
        return;
      } else i += 1;
    }
  };

  while (i < n) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i += 1;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      let value = '';
      i += 1;
      while (i < n && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\') {
          value += source[i + 1] ?? '';
          i += 2;
        } else {
          value += source[i];
          i += 1;
        }
      }
      i += 1;
      tokens.push({ kind: 'string', value });
    } else if (c === '`') {
      i += 1;
      readTemplate();
    } else if (c === '/' && regexAllowed()) {
      let inClass = false;
      i += 1;
      while (i < n && source[i] !== '\n') {
        const r = source[i];
        if (r === '\\') i += 1;
        else if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
        i += 1;
      }
      i += 1;
      while (i < n && isWordChar(source[i] as string)) i += 1;
      tokens.push({ kind: 'string', value: '' });
    } else if (isWordChar(c)) {
      const start = i;
      while (i < n && isWordChar(source[i] as string)) i += 1;
      tokens.push({ kind: 'word', text: source.slice(start, i) });
    } else if (/\s/.test(c)) {
      i += 1;
    } else {
      if (c === '{') braces.push('code');
      if (c === '}' && braces.pop() === 'template') {
        i += 1;
        readTemplate();
        continue;
      }
      tokens.push({ kind: 'punct', text: c });
      i += 1;
    }
  }
  return tokens;
}

export function importSpecifiers(source: string): string[] {
  const tokens = tokenize(source);
  const found: string[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'string') return;
    const before = tokens[index - 1];
    const beforeThat = tokens[index - 2];
    const word = (t: Token | undefined, text: string) => t?.kind === 'word' && t.text === text;
    const punct = (t: Token | undefined, text: string) => t?.kind === 'punct' && t.text === text;
    // `from 'x'` ends every import/export-from; `import 'x'` is a side-effect import;
    // `import('x')` a dynamic one. A property named `from` (`x.from 'y'`) is not valid code.
    const isImport =
      (word(before, 'from') && !punct(beforeThat, '.')) ||
      (word(before, 'import') && !punct(beforeThat, '.')) ||
      (punct(before, '(') && word(beforeThat, 'import') && !punct(tokens[index - 3], '.'));
    if (isImport) found.push(token.value);
  });
  return found;
}
