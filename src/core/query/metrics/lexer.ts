/** Tokens of the metric query language; positions are 0-based offsets into the query text. */
import { ApiError } from '../../../shared/api/errors';

export type TokenKind = 'ident' | 'number' | 'string' | 'duration' | 'op' | 'eof';
export interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
  /** number: its value; duration: milliseconds. */
  value?: number;
}

export function parseError(pos: number, message: string): ApiError {
  return new ApiError('bad_request', `query: parse error at position ${pos + 1}: ${message}`);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
const DURATION = /^(?:[0-9]+(?:ms|s|m|h|d|w|y))+/;
const NUMBER = /^(?:0x[0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/;
// Dots too: our own metric names (host.cpu.usage_pct) and OTLP attribute keys have them.
const IDENT = /^[a-zA-Z_:][a-zA-Z0-9_:.]*/;
const OPS = ['=~', '!~', '!=', '==', '>=', '<=', '(', ')', '{', '}', '[', ']', ',', '=', '+', '-', '*', '/', '%', '^', '>', '<'];

export function durationMs(text: string): number {
  let ms = 0;
  for (const m of text.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)) ms += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  return ms;
}

function readString(src: string, pos: number): { text: string; end: number } {
  const quote = src[pos] as string;
  let out = '';
  let i = pos + 1;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === quote) return { text: out, end: i + 1 };
    if (c === '\\' && quote !== '`') {
      const n = src[i + 1];
      if (n === undefined) break;
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
      // Unknown escapes keep their backslash, so regexes like "\d" survive.
      out += map[n] ?? `\\${n}`;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw parseError(pos, 'unterminated string');
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const rest = src.slice(i);
    if (c === '"' || c === "'" || c === '`') {
      const s = readString(src, i);
      tokens.push({ kind: 'string', text: s.text, pos: i });
      i = s.end;
      continue;
    }
    const d = DURATION.exec(rest);
    if (d && !/^[a-zA-Z0-9_]/.test(rest.slice(d[0].length))) {
      tokens.push({ kind: 'duration', text: d[0], pos: i, value: durationMs(d[0]) });
      i += d[0].length;
      continue;
    }
    const n = NUMBER.exec(rest);
    if (n && /[0-9.]/.test(c)) {
      tokens.push({ kind: 'number', text: n[0], pos: i, value: Number(n[0]) });
      i += n[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      tokens.push({ kind: 'ident', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    throw parseError(i, `unexpected character "${c}"`);
  }
  tokens.push({ kind: 'eof', text: '', pos: src.length });
  return tokens;
}
