/**
 * Syntax highlighting for the query bar: the query cut into styled segments that, laid end to
 * end, are exactly the typed text (the overlay behind the input must line up character for
 * character). Built on the station's own tokenizer (src/shared/query), so what is coloured as a
 * field or an operator is what the station will read as one. Pure: unit-tested without a DOM.
 */
import { tokenize, type Token } from '../../../../shared/query/log-query-tokens';

/** A note from the station about the query; position null: about the query as a whole. */
export interface Mark {
  position: number | null;
  message: string;
}

export type SegmentKind =
  | 'space'
  | 'word'
  | 'wildcard'
  | 'phrase'
  | 'operator'
  | 'paren'
  | 'field'
  | 'compare'
  | 'value'
  /** A field name the station does not know: it will search the text literally. */
  | 'unknown-field';

export interface Segment {
  text: string;
  kind: SegmentKind;
  /** The station's hint for this part, when it said something about it. */
  hint?: string;
}

/** Field names the station knows (aliases included), lower case; meta.<path> is checked apart. */
export const KNOWN_FIELDS = ['level', 'service', 'spacecraft', 'spacecraft_id', 'source', 'host', 'request_id', 'trace_id'] as const;
const KNOWN = new Set<string>(KNOWN_FIELDS);
const META = /^meta(\.[A-Za-z0-9_]+)+$/i;

function tokenEnd(input: string, t: Token): number {
  switch (t.kind) {
    case 'lparen':
    case 'rparen':
    case 'minus':
      return t.pos + 1;
    case 'or':
    case 'and':
      return t.pos + (t.kind === 'or' ? 2 : 3);
    case 'not':
      return t.pos + 3;
    case 'word':
    case 'field':
      return t.pos + t.raw.length;
    case 'phrase': {
      const close = input.indexOf('"', t.pos + 1);
      if (close === -1) return input.length;
      return close + 1 + (t.prefix ? 1 : 0);
    }
  }
}

function tokenSegments(input: string, t: Token, end: number): Segment[] {
  const text = input.slice(t.pos, end);
  switch (t.kind) {
    case 'lparen':
    case 'rparen':
      return [{ text, kind: 'paren' }];
    case 'or':
    case 'and':
    case 'not':
    case 'minus':
      return [{ text, kind: 'operator' }];
    case 'phrase':
      return t.prefix ? [{ text: text.slice(0, -1), kind: 'phrase' }, { text: '*', kind: 'wildcard' }] : [{ text, kind: 'phrase' }];
    case 'word':
      return text.length > 1 && text.endsWith('*') ? [{ text: text.slice(0, -1), kind: 'word' }, { text: '*', kind: 'wildcard' }] : [{ text, kind: 'word' }];
    case 'field': {
      const known = KNOWN.has(t.name.toLowerCase()) || META.test(t.name);
      const value = text.slice(t.name.length + t.op.length);
      // `http://…` and the like: the station reads these as plain text, not a field.
      if (!known && value.startsWith('/')) return [{ text, kind: 'word' }];
      const out: Segment[] = [
        { text: t.name, kind: known ? 'field' : 'unknown-field' },
        { text: t.op, kind: 'compare' },
      ];
      if (value.endsWith('*')) {
        if (value.length > 1) out.push({ text: value.slice(0, -1), kind: value.startsWith('"') ? 'phrase' : 'value' });
        out.push({ text: '*', kind: 'wildcard' });
      } else out.push({ text: value, kind: value.startsWith('"') ? 'phrase' : 'value' });
      return out;
    }
  }
}

/**
 * `hints` (positions are offsets into `input`) mark the segments they point at; `errorAt` is
 * the position of a refusal (unbalanced parenthesis), marked the same way.
 */
export function highlightQuery(input: string, hints: readonly Mark[] = [], error?: Mark | null): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  const starts: number[] = [];
  for (const t of tokenize(input, [])) {
    if (t.pos > at) {
      starts.push(at);
      segments.push({ text: input.slice(at, t.pos), kind: 'space' });
    }
    const end = Math.max(tokenEnd(input, t), t.pos);
    let p = t.pos;
    for (const seg of tokenSegments(input, t, end)) {
      starts.push(p);
      segments.push(seg);
      p += seg.text.length;
    }
    at = end;
  }
  if (at < input.length) {
    starts.push(at);
    segments.push({ text: input.slice(at), kind: 'space' });
  }
  const marks = [...hints, ...(error ? [error] : [])].filter((m): m is { position: number; message: string } => m.position !== null && m.position >= 0);
  const PART_OF_FIELD = new Set<SegmentKind>(['compare', 'value', 'wildcard', 'phrase']);
  for (const mark of marks) {
    const first = segments.findIndex((seg, k) => seg.kind !== 'space' && starts[k]! <= mark.position && mark.position < starts[k]! + seg.text.length);
    if (first === -1) continue;
    // A hint about a field term is about all of it: name, operator and value.
    const whole = segments[first]!.kind === 'field' || segments[first]!.kind === 'unknown-field';
    for (let i = first; i < segments.length && (i === first || (whole && PART_OF_FIELD.has(segments[i]!.kind))); i++) {
      const seg = segments[i]!;
      seg.hint = seg.hint ? `${seg.hint}; ${mark.message}` : mark.message;
    }
  }
  return segments;
}

/** "q: unbalanced parenthesis at position 7" → 7 (the station's refusals name the position). */
export function rejectionPosition(message: string | null): number | null {
  const m = message ? /position (\d+)/.exec(message) : null;
  return m ? Number(m[1]) : null;
}
