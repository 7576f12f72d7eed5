/**
 * A structural scan of an extraction pattern (a JS regex, or grok text: a regex with `%{…}`
 * tokens). V8's SyntaxError names no position, so this scan finds the common mistakes itself
 * and says where they are, in the text the operator typed. It also refuses the classic shape
 * of catastrophic backtracking: a group repeated without bound that itself contains a
 * repetition without bound (`(a+)+`, `(?:\w+\s?)*`), which can take exponential time on a
 * line that almost matches. Bounded repetitions (`{3}`, `{0,62}`, `?`) are allowed anywhere.
 */

export class PatternError extends Error {
  constructor(message: string, readonly position: number | null) {
    super(message);
    this.name = 'PatternError';
  }
}

/** One `%{NAME:field:type}` token of grok text, as found by the scan. */
export interface GrokToken {
  start: number;
  end: number;
  body: string;
}

export interface ScanOptions {
  /** Grok mode: `%{…}` is one atom; `unbounded(body)` says whether its pattern repeats without bound. */
  grok?: { unbounded(token: GrokToken): boolean };
  /** Called for every named group `(?<name>…)` with the name and the position of its `(`. */
  onGroupName?(name: string, position: number): void;
}

interface Frame {
  start: number;
  unbounded: boolean;
}

interface Atom {
  group: boolean;
  unbounded: boolean;
}

const BRACE_QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;
const GROUP_NAME = /^<([^>]*)>/;

/** Walk the pattern; throws PatternError at the first problem found. */
export function scanPattern(src: string, opts: ScanOptions = {}): { tokens: GrokToken[]; unbounded: boolean } {
  const stack: Frame[] = [{ start: -1, unbounded: false }];
  const tokens: GrokToken[] = [];
  // In an object: TypeScript would narrow a plain `let` to null across the closure's writes.
  const state: { last: Atom | null } = { last: null };
  const top = () => stack[stack.length - 1] as Frame;
  const atom = (a: Atom) => {
    state.last = a;
    if (a.unbounded) top().unbounded = true;
  };

  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      if (i + 1 >= src.length) throw new PatternError('ends with a lone backslash', i);
      const next = src[i + 1] as string;
      // \b and \B are assertions: nothing to repeat after them.
      if (next === 'b' || next === 'B') state.last = null;
      else atom({ group: false, unbounded: false });
      i += 2;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new PatternError('character class [ is never closed', i);
      atom({ group: false, unbounded: false });
      i = j + 1;
      continue;
    }
    if (c === '%' && opts.grok && src[i + 1] === '{') {
      const close = src.indexOf('}', i + 2);
      if (close === -1) throw new PatternError('%{ is never closed with }', i);
      const token = { start: i, end: close + 1, body: src.slice(i + 2, close) };
      tokens.push(token);
      // A grok pattern is inserted as a group, so repeating it repeats whatever it contains.
      atom({ group: true, unbounded: opts.grok.unbounded(token) });
      i = close + 1;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, unbounded: false });
      state.last = null;
      if (src[i + 1] !== '?') {
        i += 1;
        continue;
      }
      const kind = src[i + 2];
      if (kind === ':' || kind === '=' || kind === '!') {
        i += 3;
        continue;
      }
      if (kind === '<' && (src[i + 3] === '=' || src[i + 3] === '!')) {
        i += 4;
        continue;
      }
      const named = kind === '<' ? GROUP_NAME.exec(src.slice(i + 2)) : null;
      if (!named) throw new PatternError('a group starting (? must be (?:…), (?<name>…), (?=…), (?!…), (?<=…) or (?<!…)', i);
      opts.onGroupName?.(named[1] as string, i);
      i += 2 + (named[0] as string).length;
      continue;
    }
    if (c === ')') {
      if (stack.length === 1) throw new PatternError(') has no matching (', i);
      const frame = stack.pop() as Frame;
      atom({ group: true, unbounded: frame.unbounded });
      i += 1;
      continue;
    }
    if (c === '|' || c === '^' || c === '$') {
      state.last = null;
      i += 1;
      continue;
    }
    let quantifier: { length: number; unbounded: boolean } | null = null;
    if (c === '*' || c === '+') quantifier = { length: 1, unbounded: true };
    else if (c === '?') quantifier = { length: 1, unbounded: false };
    else if (c === '{') {
      const m = BRACE_QUANTIFIER.exec(src.slice(i));
      if (m) {
        if (m[3] && Number(m[3]) < Number(m[1])) throw new PatternError(`{${m[1]},${m[3]}}: the maximum is below the minimum`, i);
        quantifier = { length: (m[0] as string).length, unbounded: m[2] !== undefined && m[3] === '' };
      }
    }
    if (quantifier) {
      const target = state.last;
      if (target === null) throw new PatternError(`${c} has nothing to repeat`, i);
      if (quantifier.unbounded && target.group && target.unbounded) {
        throw new PatternError(
          'a group repeated without bound contains a repetition without bound (like (a+)+), which can take exponential time; ' +
            'repeat a character class instead, e.g. [\\w\\s]+',
          i,
        );
      }
      if (quantifier.unbounded) top().unbounded = true;
      state.last = null;
      i += quantifier.length;
      if (src[i] === '?') i += 1; // lazy
      continue;
    }
    atom({ group: false, unbounded: false });
    i += 1;
  }
  if (stack.length > 1) throw new PatternError('( is never closed', top().start);
  return { tokens, unbounded: top().unbounded };
}
