import { labelKeyErrors, labelValueErrors } from './metadata-validation.js';

/**
 * A port of k8s.io/apimachinery/pkg/labels' lexer and parser, so a bad `labelSelector` gets the
 * very 400 message the real server sends (`unable to parse requirement: found '', expected:
 * ',' or ')'`), not merely "a" 400.
 */
type Tok =
  | 'error'
  | 'eos'
  | 'closedPar'
  | 'comma'
  | 'doesNotExist'
  | 'doubleEquals'
  | 'equals'
  | 'gt'
  | 'identifier'
  | 'in'
  | 'lt'
  | 'notEquals'
  | 'notIn'
  | 'openPar';

const STRING_TO_TOKEN: Record<string, Tok> = {
  ')': 'closedPar',
  ',': 'comma',
  '!': 'doesNotExist',
  '==': 'doubleEquals',
  '=': 'equals',
  '>': 'gt',
  in: 'in',
  '<': 'lt',
  '!=': 'notEquals',
  notin: 'notIn',
  '(': 'openPar',
};

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

function lex(s: string): Array<{ tok: Tok; lit: string }> {
  const out: Array<{ tok: Tok; lit: string }> = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos] ?? '')) pos++;
    const ch = s[pos];
    if (ch === undefined) {
      out.push({ tok: 'eos', lit: '' });
      return out;
    }
    if (isSpecial(ch)) {
      // Longest special-symbol run that still names a token (`!=` over `!`).
      let buf = '';
      let last: { tok: Tok; lit: string } | undefined;
      while (pos < s.length && isSpecial(s[pos] ?? '')) {
        buf += s[pos];
        const t = STRING_TO_TOKEN[buf];
        if (t) last = { tok: t, lit: buf };
        else if (last) break;
        pos++;
      }
      out.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
      if (!last) return [...out, { tok: 'eos', lit: '' }];
      continue;
    }
    let id = '';
    while (pos < s.length && !isWhitespace(s[pos] ?? '') && !isSpecial(s[pos] ?? '')) {
      id += s[pos];
      pos++;
    }
    out.push({ tok: STRING_TO_TOKEN[id] ?? 'identifier', lit: id });
  }
}

export type LabelOp = 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists' | 'gt' | 'lt';
export interface ParsedRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

const BINARY = 'in, notin, =, ==, !=, gt, lt';

class ParseError extends Error {}

class Parser {
  private pos = 0;
  constructor(private readonly items: Array<{ tok: Tok; lit: string }>) {}

  /** In a values context the keywords `in`/`notin` are plain identifiers. */
  private look(values: boolean): { tok: Tok; lit: string } {
    const it = this.items[this.pos] ?? { tok: 'eos' as Tok, lit: '' };
    if (values && (it.tok === 'in' || it.tok === 'notIn'))
      return { tok: 'identifier', lit: it.lit };
    return it;
  }

  private take(values: boolean): { tok: Tok; lit: string } {
    const it = this.look(values);
    if (this.pos < this.items.length) this.pos++;
    return it;
  }

  parse(): ParsedRequirement[] {
    const reqs: ParsedRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'identifier' || tok === 'doesNotExist') {
        let r: ParsedRequirement;
        try {
          r = this.requirement();
        } catch (e) {
          throw new ParseError(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const next = this.take(true);
        if (next.tok === 'eos') return reqs;
        if (next.tok === 'comma') {
          const after = this.look(true);
          if (after.tok !== 'identifier' && after.tok !== 'doesNotExist')
            throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
          continue;
        }
        throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
      }
      if (tok === 'eos') return reqs;
      throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private requirement(): ParsedRequirement {
    let negated = false;
    let t = this.take(true);
    if (t.tok === 'doesNotExist') {
      negated = true;
      t = this.take(true);
    }
    if (t.tok !== 'identifier') throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    // The key is checked before the operator, with a nil field path (printed `<nil>`).
    const keyErr = labelKeyErrors(key);
    if (keyErr) throw new Error(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErr}`);
    const ahead = this.look(true).tok;
    if (ahead === 'eos' || ahead === 'comma' || negated) {
      return { key, op: negated ? 'notexists' : 'exists', values: [] };
    }
    const opTok = this.take(false);
    const ops: Partial<Record<Tok, LabelOp>> = {
      in: 'in',
      notIn: 'notin',
      equals: 'eq',
      doubleEquals: 'eq',
      notEquals: 'neq',
      gt: 'gt',
      lt: 'lt',
    };
    const op = ops[opTok.tok];
    if (!op) throw new Error(`found '${opTok.lit}', expected: ${BINARY}`);
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    return { key, op, values: checkValues(key, op, values) };
  }

  private exactValue(): string[] {
    const ahead = this.look(true).tok;
    if (ahead === 'eos' || ahead === 'comma') return [''];
    const t = this.take(true);
    if (t.tok === 'identifier') return [t.lit];
    throw new Error(`found '${t.lit}', expected: identifier`);
  }

  private setValues(): string[] {
    const open = this.take(true);
    if (open.tok !== 'openPar') throw new Error(`found '${open.lit}' expected: '('`);
    const ahead = this.look(true);
    if (ahead.tok === 'closedPar') {
      this.take(true);
      return [''];
    }
    if (ahead.tok !== 'identifier' && ahead.tok !== 'comma')
      throw new Error(`found '${ahead.lit}', expected: ',', ')' or identifier`);
    const s = this.identifiers();
    if (this.take(true).tok !== 'closedPar') throw new Error(`found '${ahead.lit}', expected: ')'`);
    return s;
  }

  private identifiers(): string[] {
    const s = new Set<string>();
    for (;;) {
      const t = this.take(true);
      if (t.tok === 'identifier') {
        s.add(t.lit);
        const next = this.look(true);
        if (next.tok === 'comma') continue;
        if (next.tok === 'closedPar') return [...s].sort();
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (t.tok === 'comma') {
        if (s.size === 0) s.add('');
        const next = this.look(true).tok;
        if (next === 'closedPar') {
          s.add('');
          return [...s].sort();
        }
        if (next === 'comma') {
          this.take(true);
          s.add('');
        }
        continue;
      }
      throw new Error(`found '${t.lit}', expected: ',', or identifier`);
    }
  }
}

/** NewRequirement's checks, aggregated like field.ErrorList.ToAggregate(). */
function checkValues(key: string, op: LabelOp, values: string[]): string[] {
  const errs: string[] = [];
  const list = `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
  if ((op === 'in' || op === 'notin') && values.length === 0)
    errs.push(
      `values: Invalid value: ${list}: for 'in', 'notin' operators, values set can't be empty`,
    );
  if ((op === 'gt' || op === 'lt') && values.length === 1 && !/^[-+]?\d+$/.test(values[0] ?? ''))
    errs.push(
      `values[0]: Invalid value: ${JSON.stringify(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`,
    );
  values.forEach((v, i) => {
    const e = labelValueErrors(v);
    if (e) errs.push(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${e}`);
  });
  if (errs.length === 1) throw new Error(errs[0]);
  if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
  return values;
}

/** Parses a `labelSelector`; throws an Error carrying the real parser's message when bad. */
export function parseLabels(raw: string): ParsedRequirement[] {
  return new Parser(lex(raw)).parse();
}
