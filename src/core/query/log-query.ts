/**
 * The log query language, syntactic level: tokens → a boolean tree of text and field terms.
 *
 *   query   := or
 *   or      := and ( OR and )*              OR binds looser than AND
 *   and     := unary ( [AND] unary )*       juxtaposition is AND
 *   unary   := ( - | NOT ) unary | primary
 *   primary := ( or ) | field | "phrase" | word
 *
 * Anything that is not valid syntax is searched literally and explained by a hint. The only
 * errors (ApiError bad_request, naming the position) are unbalanced parentheses, nesting deeper
 * than MAX_DEPTH and more than MAX_TERMS terms: past those the SQL could not run.
 */
import { ApiError } from '../../shared/api/errors';
import { LOG_LEVELS, type LogLevel } from '../../shared/api/schemas/logs';
import { tokenize, type CompareOp, type QueryHint, type Token } from './log-query-tokens';

export type { CompareOp, QueryHint } from './log-query-tokens';

export type ColumnName = 'service' | 'spacecraft_id' | 'source' | 'request_id' | 'trace_id';
/** `eq` exact, `prefix` value*, `exists` field:*, `cmp` > >= < <= (meta only). */
export type FieldTest = 'eq' | 'prefix' | 'exists' | 'cmp';

export type Predicate =
  | { kind: 'level'; levels: LogLevel[] }
  | { kind: 'column'; column: ColumnName; test: Exclude<FieldTest, 'cmp'>; value: string }
  /**
   * `number` is set when the value reads as a number, `keyword` when it is true, false or null
   * (both only when not quoted: a quoted value matches text only).
   */
  | { kind: 'meta'; path: string[]; test: FieldTest; op: CompareOp; value: string; number: number | null; keyword: 'true' | 'false' | 'null' | null };

export type QueryNode =
  /** Searched in the message: the text's words as a phrase; `prefix` applies to the last one. */
  | { kind: 'text'; text: string; prefix: boolean; pos: number }
  | { kind: 'field'; pred: Predicate; pos: number }
  | { kind: 'not'; child: QueryNode }
  | { kind: 'and' | 'or'; children: QueryNode[] };

export interface ParsedQuery {
  /** null: the query constrains nothing (empty, or only ignored terms). */
  ast: QueryNode | null;
  hints: QueryHint[];
}

export const MAX_DEPTH = 20;
export const MAX_TERMS = 200;

// Maps, not object literals: user text must never reach Object.prototype (`constructor:`, `__proto__`).
const COLUMN_ALIASES = new Map<string, ColumnName>(Object.entries({
  service: 'service',
  spacecraft: 'spacecraft_id',
  spacecraft_id: 'spacecraft_id',
  source: 'source',
  host: 'source',
  request_id: 'request_id',
  trace_id: 'trace_id',
} satisfies Record<string, ColumnName>));

const FIELD_LIST = 'level, service, spacecraft, source/host, request_id, trace_id, meta.<path>';
const HAS_WORD = /[\p{L}\p{N}]/u;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const META_PATH = /^meta((?:\.[A-Za-z0-9_]+)+)$/i;

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

export function parseLogQuery(input: string): ParsedQuery {
  const hints: QueryHint[] = [];
  const tokens = tokenize(input, hints);
  let at = 0;
  let terms = 0;
  const peek = (): Token | undefined => tokens[at];
  const ends = (t: Token | undefined) => t === undefined || t.kind === 'rparen' || t.kind === 'or';

  const combine = (kind: 'and' | 'or', items: (QueryNode | null)[]): QueryNode | null => {
    const kept = items.filter((x): x is QueryNode => x !== null);
    if (kept.length <= 1) return kept[0] ?? null;
    return { kind, children: kept.flatMap((c) => (c.kind === kind ? c.children : [c])) };
  };

  const parseOr = (depth: number): QueryNode | null => {
    const items = [parseAnd(depth)];
    while (peek()?.kind === 'or') {
      const or = peek() as Token;
      at++;
      if (ends(peek()) || items[items.length - 1] === null) {
        hints.push({ position: or.pos, message: 'OR needs a term on each side: ignored' });
        if (ends(peek())) continue;
      }
      items.push(parseAnd(depth));
    }
    return combine('or', items);
  };

  const parseAnd = (depth: number): QueryNode | null => {
    const items: (QueryNode | null)[] = [];
    while (!ends(peek())) {
      const t = peek() as Token;
      if (t.kind === 'and') {
        at++;
        if (ends(peek()) || items.length === 0) hints.push({ position: t.pos, message: 'AND needs a term on each side: ignored' });
        continue;
      }
      items.push(parseUnary(depth));
    }
    return combine('and', items);
  };

  const parseUnary = (depth: number): QueryNode | null => {
    let negated = false;
    let t = peek() as Token;
    // Iterative, so a long run of NOTs costs no stack.
    while (t.kind === 'minus' || t.kind === 'not') {
      at++;
      if (ends(peek())) {
        hints.push({ position: t.pos, message: `${t.kind === 'not' ? 'NOT' : '-'} has nothing after it to negate: ignored` });
        return null;
      }
      negated = !negated;
      t = peek() as Token;
    }
    const node = parsePrimary(depth);
    return node && negated ? (node.kind === 'not' ? node.child : { kind: 'not', child: node }) : node;
  };

  const parsePrimary = (depth: number): QueryNode | null => {
    const t = tokens[at++] as Token;
    switch (t.kind) {
      case 'lparen': {
        if (depth >= MAX_DEPTH) throw new ApiError('bad_request', `q: parentheses nested deeper than ${MAX_DEPTH} at position ${t.pos}`);
        const inner = parseOr(depth + 1);
        if (peek()?.kind !== 'rparen') throw new ApiError('bad_request', `q: unbalanced parenthesis at position ${t.pos}`);
        at++;
        if (inner === null) hints.push({ position: t.pos, message: 'empty parentheses: ignored' });
        return inner;
      }
      case 'phrase':
        return text(t.text, t.prefix, t.pos, t.pos);
      case 'word':
        return word(t.raw, t.pos);
      case 'field':
        return field(t);
      default:
        // Unreachable: parseAnd stops at ) and OR, and consumes AND; NOT and - are unary.
        return null;
    }
  };

  const text = (value: string, prefix: boolean, pos: number, shownAt: number): QueryNode | null => {
    if (!HAS_WORD.test(value)) {
      if (value.trim() !== '') hints.push({ position: shownAt, message: `"${clip(value)}" has no letters or digits to search for: ignored` });
      return null;
    }
    if (++terms > MAX_TERMS) throw new ApiError('bad_request', `q: more than ${MAX_TERMS} terms (at position ${pos})`);
    return { kind: 'text', text: value, prefix, pos };
  };

  const word = (raw: string, pos: number): QueryNode | null => {
    const prefix = raw.length > 1 && raw.endsWith('*');
    return text(prefix ? raw.slice(0, -1) : raw, prefix, pos, pos);
  };

  const literal = (t: Extract<Token, { kind: 'field' }>, why: string): QueryNode | null => {
    hints.push({ position: t.pos, message: `${clip(t.raw)}: ${why}; searched as text` });
    return word(t.raw, t.pos);
  };

  const field = (t: Extract<Token, { kind: 'field' }>): QueryNode | null => {
    const exists = t.value === '*' && !t.quoted;
    // A * inside quotes is literal; outside them it makes a prefix (`spacecraft:voyager-*`, `host:"gw a"*`).
    const prefix = !exists && (t.quoted ? t.raw.endsWith('"*') : t.value.length > 1 && t.value.endsWith('*'));
    const value = exists ? '' : prefix ? t.value.slice(0, -1) : t.value;
    const test: Exclude<FieldTest, 'cmp'> = exists ? 'exists' : prefix ? 'prefix' : 'eq';
    const name = t.name.toLowerCase();
    const node = (pred: Predicate): QueryNode => {
      if (++terms > MAX_TERMS) throw new ApiError('bad_request', `q: more than ${MAX_TERMS} terms (at position ${t.pos})`);
      return { kind: 'field', pred, pos: t.pos };
    };

    if (name === 'level') {
      if (exists) return node({ kind: 'level', levels: [...LOG_LEVELS] });
      const level = normaliseLevel(t.value);
      if (!level) return literal(t, `"${clip(t.value)}" is not a level (debug, info, warn, error, critical)`);
      return node({ kind: 'level', levels: levelsMatching(t.op, level) });
    }
    const meta = META_PATH.exec(t.name);
    if (meta) {
      const path = (meta[1] as string).slice(1).split('.');
      if (t.op !== ':') {
        const number = t.quoted ? null : toNumber(t.value);
        if (exists || prefix) return literal(t, `${t.op} compares one value; * works with : only`);
        return node({ kind: 'meta', path, test: 'cmp', op: t.op, value: t.value, number, keyword: null });
      }
      const bare = !t.quoted && test === 'eq';
      const keyword = bare && (value === 'true' || value === 'false' || value === 'null') ? value : null;
      return node({ kind: 'meta', path, test, op: ':', value, number: bare ? toNumber(value) : null, keyword });
    }
    const column = COLUMN_ALIASES.get(name);
    if (!column) {
      // `http://…`, `12:30` and the like are plain text; only say so when it looks like a field.
      if (t.value.startsWith('/')) return word(t.raw, t.pos);
      return literal(t, `${clip(t.name)} is not a field (${FIELD_LIST})`);
    }
    if (t.op !== ':') return literal(t, `${t.op} works on level and meta.* only`);
    return node({ kind: 'column', column, test, value });
  };

  let ast = parseOr(0);
  const stray = tokens[at];
  // parseOr stops early only at a ) it did not open.
  if (stray) throw new ApiError('bad_request', `q: unbalanced parenthesis at position ${stray.pos}`);
  if (ast && ast.kind === 'not' && ast.child.kind === 'not') ast = ast.child.child;
  return { ast, hints };
}

function toNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

const LEVEL_ALIASES = new Map<string, LogLevel>(Object.entries({
  trace: 'DEBUG', debug: 'DEBUG', dbg: 'DEBUG', verbose: 'DEBUG',
  info: 'INFO', information: 'INFO', informational: 'INFO', notice: 'INFO', inf: 'INFO',
  warn: 'WARN', warning: 'WARN', wrn: 'WARN',
  error: 'ERROR', err: 'ERROR', eror: 'ERROR',
  critical: 'CRITICAL', crit: 'CRITICAL', fatal: 'CRITICAL', alert: 'CRITICAL', emerg: 'CRITICAL', emergency: 'CRITICAL', panic: 'CRITICAL',
} satisfies Record<string, LogLevel>));

/** DEBUG/INFO/…, case-insensitive, with the aliases shippers use (warning, err, fatal, crit…). */
export function normaliseLevel(text: string): LogLevel | null {
  return LEVEL_ALIASES.get(text.trim().toLowerCase()) ?? null;
}

export function levelsAtLeast(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(LOG_LEVELS.indexOf(level));
}

export function levelsMatching(op: CompareOp, level: LogLevel): LogLevel[] {
  const i = LOG_LEVELS.indexOf(level);
  switch (op) {
    case ':':
      return [level];
    case '>=':
      return LOG_LEVELS.slice(i);
    case '>':
      return LOG_LEVELS.slice(i + 1);
    case '<=':
      return LOG_LEVELS.slice(0, i + 1);
    case '<':
      return LOG_LEVELS.slice(0, i);
  }
}
