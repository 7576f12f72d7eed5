/**
 * Recursive-descent parser for the PromQL subset (grammar in README.md). Operator precedence
 * as in Prometheus: or < and/unless < comparisons < + - < * / % < ^ (right-associative).
 */
import { parseError, tokenize, type Token } from './lexer';

export type MatchOp = '=' | '!=' | '=~' | '!~';
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  /** Anchored like Prometheus's (the whole value must match). */
  re?: RegExp;
}

export type Expr =
  | { type: 'number'; value: number; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'selector'; name: string | null; matchers: Matcher[]; range: number | null; offset: number; pos: number }
  | { type: 'call'; fn: string; args: Expr[]; pos: number }
  | { type: 'aggregate'; op: string; grouping: { mode: 'by' | 'without'; labels: string[] } | null; param: Expr | null; expr: Expr; pos: number }
  | { type: 'binary'; op: string; lhs: Expr; rhs: Expr; bool: boolean; matching: { mode: 'on' | 'ignoring'; labels: string[] } | null; pos: number }
  | { type: 'unary'; op: '-' | '+'; expr: Expr; pos: number };

export const AGGREGATES = new Set(['sum', 'avg', 'min', 'max', 'count', 'quantile', 'topk', 'bottomk', 'stddev', 'group']);
const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const LEVELS: string[][] = [['or'], ['and', 'unless'], ['==', '!=', '>', '<', '>=', '<='], ['+', '-'], ['*', '/', '%']];

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private is(text: string, kinds: Token['kind'][] = ['op', 'ident']): boolean {
    const t = this.peek();
    return kinds.includes(t.kind) && t.text === text;
  }
  private expect(text: string): Token {
    const t = this.peek();
    if (t.text !== text || (t.kind !== 'op' && t.kind !== 'ident')) throw parseError(t.pos, `expected "${text}" but found ${describe(t)}`);
    return this.next();
  }

  parse(): Expr {
    const e = this.expr(0);
    const t = this.peek();
    if (t.kind !== 'eof') throw parseError(t.pos, `unexpected ${describe(t)}`);
    return e;
  }

  private expr(level: number): Expr {
    if (level === LEVELS.length) return this.power();
    let lhs = this.expr(level + 1);
    for (;;) {
      const t = this.peek();
      if (!(t.kind === 'op' || t.kind === 'ident') || !(LEVELS[level] as string[]).includes(t.text)) return lhs;
      this.next();
      const bool = COMPARISONS.has(t.text) && this.is('bool', ['ident']) ? (this.next(), true) : false;
      const matching = this.matching();
      const rhs = this.expr(level + 1);
      lhs = { type: 'binary', op: t.text, lhs, rhs, bool, matching, pos: t.pos };
    }
  }

  private matching(): { mode: 'on' | 'ignoring'; labels: string[] } | null {
    if (!this.is('on', ['ident']) && !this.is('ignoring', ['ident'])) return null;
    const mode = this.next().text as 'on' | 'ignoring';
    const labels = this.labelList();
    if (this.is('group_left', ['ident']) || this.is('group_right', ['ident'])) throw parseError(this.peek().pos, 'group_left/group_right are not supported');
    return { mode, labels };
  }

  private power(): Expr {
    const base = this.unary();
    if (this.is('^', ['op'])) {
      const t = this.next();
      const matching = this.matching();
      // Right-associative: 2 ^ 3 ^ 2 = 2 ^ 9.
      return { type: 'binary', op: '^', lhs: base, rhs: this.power(), bool: false, matching, pos: t.pos };
    }
    return base;
  }

  private unary(): Expr {
    if (this.is('-', ['op']) || this.is('+', ['op'])) {
      const t = this.next();
      const e = this.unary();
      if (e.type === 'number') return { ...e, value: t.text === '-' ? -e.value : e.value, pos: t.pos };
      return { type: 'unary', op: t.text as '-' | '+', expr: e, pos: t.pos };
    }
    return this.postfix(this.primary());
  }

  /** `[5m]` and `offset 1h` after a selector. */
  private postfix(e: Expr): Expr {
    if (this.is('[', ['op'])) {
      const open = this.next();
      if (e.type !== 'selector' || e.range !== null) throw parseError(open.pos, 'a range [..] can only follow a metric selector');
      const d = this.next();
      if (d.kind !== 'duration' || !d.value) throw parseError(d.pos, `expected a duration such as 5m but found ${describe(d)}`);
      if (this.is(':', ['op'])) throw parseError(this.peek().pos, 'subqueries are not supported');
      this.expect(']');
      e = { ...e, range: d.value };
    }
    if (this.is('offset', ['ident'])) {
      const t = this.next();
      if (e.type !== 'selector') throw parseError(t.pos, 'offset can only follow a metric selector');
      const neg = this.is('-', ['op']) ? (this.next(), -1) : 1;
      const d = this.next();
      if (d.kind !== 'duration') throw parseError(d.pos, `expected a duration after offset but found ${describe(d)}`);
      e = { ...e, offset: neg * (d.value ?? 0) };
    }
    return e;
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { type: 'number', value: t.value as number, pos: t.pos };
    }
    if (t.kind === 'string') {
      this.next();
      return { type: 'string', value: t.text, pos: t.pos };
    }
    if (t.kind === 'op' && t.text === '(') {
      this.next();
      const e = this.expr(0);
      this.expect(')');
      return e;
    }
    if (t.kind === 'op' && t.text === '{') return this.selector(null, t.pos);
    if (t.kind === 'ident') {
      if (/^(inf|nan)$/i.test(t.text)) {
        this.next();
        return { type: 'number', value: t.text.toLowerCase() === 'inf' ? Infinity : NaN, pos: t.pos };
      }
      if (AGGREGATES.has(t.text) && (this.peek(1).text === '(' || this.peek(1).text === 'by' || this.peek(1).text === 'without')) return this.aggregate();
      if (this.peek(1).kind === 'op' && this.peek(1).text === '(') return this.call();
      this.next();
      return this.selector(t.text, t.pos);
    }
    throw parseError(t.pos, `unexpected ${describe(t)}`);
  }

  private labelList(): string[] {
    this.expect('(');
    const labels: string[] = [];
    while (!this.is(')', ['op'])) {
      const l = this.next();
      if (l.kind !== 'ident') throw parseError(l.pos, `expected a label name but found ${describe(l)}`);
      labels.push(l.text);
      if (!this.is(')', ['op'])) this.expect(',');
    }
    this.next();
    return labels;
  }

  private aggregate(): Expr {
    const t = this.next();
    let grouping: { mode: 'by' | 'without'; labels: string[] } | null = null;
    const readGrouping = () => {
      if (this.is('by', ['ident']) || this.is('without', ['ident'])) {
        const mode = this.next().text as 'by' | 'without';
        grouping = { mode, labels: this.labelList() };
      }
    };
    readGrouping();
    const open = this.expect('(');
    const args = this.args();
    if (grouping === null) readGrouping();
    const needsParam = ['quantile', 'topk', 'bottomk'].includes(t.text);
    if (args.length !== (needsParam ? 2 : 1)) throw parseError(open.pos, `${t.text}() takes ${needsParam ? 2 : 1} argument${needsParam ? 's' : ''}, got ${args.length}`);
    return { type: 'aggregate', op: t.text, grouping, param: needsParam ? (args[0] as Expr) : null, expr: args[args.length - 1] as Expr, pos: t.pos };
  }

  private args(): Expr[] {
    const args: Expr[] = [];
    while (!this.is(')', ['op'])) {
      args.push(this.expr(0));
      if (this.is(')', ['op'])) break;
      const t = this.peek();
      if (!this.is(',', ['op'])) throw parseError(t.pos, `expected "," or ")" but found ${describe(t)}`);
      this.next();
    }
    this.next();
    return args;
  }

  private call(): Expr {
    const t = this.next();
    this.expect('(');
    return { type: 'call', fn: t.text, args: this.args(), pos: t.pos };
  }

  private selector(name: string | null, pos: number): Expr {
    const matchers: Matcher[] = [];
    if (this.is('{', ['op'])) {
      this.next();
      while (!this.is('}', ['op'])) {
        const l = this.next();
        if (l.kind !== 'ident') throw parseError(l.pos, `expected a label name but found ${describe(l)}`);
        const op = this.next();
        if (op.kind !== 'op' || !['=', '!=', '=~', '!~'].includes(op.text)) throw parseError(op.pos, `expected one of = != =~ !~ but found ${describe(op)}`);
        const v = this.next();
        if (v.kind !== 'string') throw parseError(v.pos, `expected a quoted label value but found ${describe(v)}`);
        const m: Matcher = { name: l.text, op: op.text as MatchOp, value: v.text };
        if (op.text === '=~' || op.text === '!~') {
          try {
            m.re = new RegExp(`^(?:${v.text})$`, 's');
          } catch (e) {
            throw parseError(v.pos, `invalid regular expression: ${(e as Error).message}`);
          }
        }
        if (l.text === '__name__' && op.text === '=') {
          if (name !== null) throw parseError(l.pos, 'metric name given twice');
          name = v.text;
        } else matchers.push(m);
        if (!this.is('}', ['op'])) this.expect(',');
      }
      this.next();
    }
    if (name === null && !matchers.some((m) => !(m.re ? m.re.test('') : m.op === '=' ? m.value === '' : m.value !== ''))) {
      throw parseError(pos, 'a selector needs a metric name or a matcher that does not match the empty value');
    }
    return { type: 'selector', name, matchers, range: null, offset: 0, pos };
  }
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'end of query' : `"${t.text}"`;
}

export function parseQuery(query: string): Expr {
  return new Parser(tokenize(query)).parse();
}
