/**
 * The log query language, lexical level: splits a query into operators, parentheses, phrases,
 * field terms and bare words, each with its position (UTF-16 offset from 0) for hints and errors.
 * It never fails: anything it cannot read as syntax becomes a word. Shared by the core (parser)
 * and the console (query bar highlighting), so it stays free of node and DOM.
 */
export interface QueryHint {
  /** Offset of the offending text in the query, counting from 0. */
  position: number;
  message: string;
}

export type CompareOp = ':' | '>=' | '>' | '<=' | '<';

export type Token =
  | { kind: 'lparen' | 'rparen' | 'or' | 'and' | 'not' | 'minus'; pos: number }
  /** A "quoted phrase", optionally `"…"*`. */
  | { kind: 'phrase'; pos: number; text: string; prefix: boolean }
  /** Anything else that is not a field term; `raw` is exactly what was typed. */
  | { kind: 'word'; pos: number; raw: string }
  /** `name op value`, value bare or quoted; `raw` is exactly what was typed. */
  | { kind: 'field'; pos: number; raw: string; name: string; op: CompareOp; value: string; quoted: boolean };

// A metadata path (meta.a.b) or an identifier, then an operator. Sticky: matched at one offset.
const FIELD_HEAD = /(meta(?:\.[A-Za-z0-9_]+)+|[A-Za-z_][A-Za-z0-9_]*)(>=|<=|:|>|<)/y;
const SPACE = /\s/u;

const isSpace = (c: string | undefined) => c !== undefined && SPACE.test(c);

export function tokenize(input: string, hints: QueryHint[]): Token[] {
  const tokens: Token[] = [];
  const n = input.length;
  let i = 0;

  /**
   * A bare run from `start`: up to whitespace, or up to a `)` that closes a group rather than
   * one opened inside the word itself (`f(x)` stays one word; `(a b)` ends at its `)`).
   */
  const bareEnd = (start: number): number => {
    let depth = 0;
    let j = start;
    for (; j < n; j++) {
      const c = input[j];
      if (isSpace(c)) break;
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
    }
    return j;
  };

  /** A quoted string whose opening quote is at `start`: its text and the offset after it. */
  const quoted = (start: number): { text: string; end: number } => {
    const close = input.indexOf('"', start + 1);
    if (close === -1) {
      hints.push({ position: start, message: 'unterminated quote: read to the end of the query' });
      return { text: input.slice(start + 1), end: n };
    }
    return { text: input.slice(start + 1, close), end: close + 1 };
  };

  /** One operand (phrase, field term or word) at `start`; keywords are words after a `-`. */
  const operand = (start: number, keywords: boolean): void => {
    if (input[start] === '"') {
      const q = quoted(start);
      const prefix = input[q.end] === '*';
      tokens.push({ kind: 'phrase', pos: start, text: q.text, prefix });
      i = prefix ? q.end + 1 : q.end;
      return;
    }
    FIELD_HEAD.lastIndex = start;
    const head = FIELD_HEAD.exec(input);
    if (head) {
      const valueStart = start + head[0].length;
      const field = { kind: 'field', pos: start, name: head[1] as string, op: head[2] as CompareOp } as const;
      if (input[valueStart] === '"') {
        const q = quoted(valueStart);
        // `name:"value"*` is a prefix too: keep the * on the value, as for a bare value.
        const end = input[q.end] === '*' ? q.end + 1 : q.end;
        tokens.push({ ...field, raw: input.slice(start, end), value: q.text + (end > q.end ? '*' : ''), quoted: true });
        i = end;
        return;
      }
      const end = bareEnd(valueStart);
      if (end > valueStart) {
        tokens.push({ ...field, raw: input.slice(start, end), value: input.slice(valueStart, end), quoted: false });
        i = end;
        return;
      }
    }
    const end = Math.max(bareEnd(start), start + 1);
    const raw = input.slice(start, end);
    i = end;
    if (keywords && raw === 'OR') tokens.push({ kind: 'or', pos: start });
    else if (keywords && raw === 'AND') tokens.push({ kind: 'and', pos: start });
    else if (keywords && raw === 'NOT') tokens.push({ kind: 'not', pos: start });
    else tokens.push({ kind: 'word', pos: start, raw });
  };

  while (i < n) {
    const c = input[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', pos: i });
      i++;
      continue;
    }
    const next = input[i + 1];
    if (c === '-' && next !== undefined && !isSpace(next) && next !== ')') {
      // One leading - is the operator; what follows is read as written (`--x` is NOT "-x").
      tokens.push({ kind: 'minus', pos: i });
      if (next === '(') {
        tokens.push({ kind: 'lparen', pos: i + 1 });
        i += 2;
      } else {
        operand(i + 1, false);
      }
      continue;
    }
    operand(i, true);
  }
  return tokens;
}
