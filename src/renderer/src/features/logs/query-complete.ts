/**
 * Autocomplete for the query bar: what the term under the caret is (a field name being typed,
 * or a field's value), the suggestions for it, and the text after picking one. Pure, so the
 * rules are unit-tested without a DOM; the component only wires keys and the list.
 */
import type { LogEntry, LogValuesInput } from '../../../../shared/api/schemas/logs';

export type ValueField = LogValuesInput['field'];

export type CompletionContext =
  | { kind: 'field'; prefix: string; start: number; end: number }
  | { kind: 'value'; field: string; source: ValueField; prefix: string; start: number; end: number };

export interface Suggestion {
  /** What is inserted in place of the term (field names end with their operator). */
  insert: string;
  label: string;
  detail?: string;
}

/** The query's field names as an operator types them; their value source for `logs.values`. */
const VALUE_SOURCE = new Map<string, ValueField>([
  ['level', 'level'],
  ['service', 'service'],
  ['spacecraft', 'spacecraft_id'],
  ['spacecraft_id', 'spacecraft_id'],
  ['source', 'source'],
  ['host', 'source'],
]);

const FIELD_SUGGESTIONS: readonly Suggestion[] = [
  { insert: 'level:', label: 'level:', detail: 'exactly this level' },
  { insert: 'level>=', label: 'level>=', detail: 'this level and above' },
  { insert: 'service:', label: 'service:', detail: 'one service' },
  { insert: 'spacecraft:', label: 'spacecraft:', detail: 'one spacecraft (prefix*)' },
  { insert: 'source:', label: 'source:', detail: 'the sending host' },
  { insert: 'host:', label: 'host:', detail: 'same as source' },
  { insert: 'request_id:', label: 'request_id:', detail: 'one request' },
  { insert: 'trace_id:', label: 'trace_id:', detail: 'one trace' },
];

const TERM_CHAR = /[^\s()]/;
const FIELD_VALUE = /^([A-Za-z_][A-Za-z0-9_]*)(>=|<=|:|>|<)("?)([^"]*)$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** The term around the caret, or null where nothing can be completed (inside a phrase, on an operator). */
export function completionContext(text: string, caret: number): CompletionContext | null {
  const openQuote = (text.slice(0, caret).match(/"/g)?.length ?? 0) % 2 === 1;
  // Inside an open quote the term began before it (`host:"gs mad|`); spaces belong to the value.
  let start = openQuote ? text.lastIndexOf('"', caret - 1) : caret;
  while (start > 0 && TERM_CHAR.test(text[start - 1]!)) start--;
  let end = caret;
  while (end < text.length && TERM_CHAR.test(text[end]!)) end++;
  // A leading - negates the term; complete what follows it.
  if (text[start] === '-' && start < caret) start++;
  const term = text.slice(start, caret);
  const fv = FIELD_VALUE.exec(term);
  if (fv) {
    const name = fv[1]!.toLowerCase();
    const source = VALUE_SOURCE.get(name);
    if (!source) return null;
    return { kind: 'value', field: name, source, prefix: fv[4]!, start: start + fv[1]!.length + fv[2]!.length, end };
  }
  // Inside a "phrase", on an operator or on nothing: nothing to complete.
  if (openQuote || term.length === 0 || !FIELD_NAME.test(term) || term === 'OR' || term === 'AND' || term === 'NOT') return null;
  return { kind: 'field', prefix: term, start, end };
}

/** `meta.<path>` for every metadata key seen in `entries` (objects only, three levels deep). */
export function metaPaths(entries: readonly LogEntry[], max = 40): string[] {
  const seen = new Map<string, number>();
  const walk = (value: unknown, path: string, depth: number) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 3) return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (!/^[A-Za-z0-9_]+$/.test(key)) continue; // the query language's paths allow only these
      const p = `${path}.${key}`;
      if (typeof child === 'object' && child !== null && !Array.isArray(child)) walk(child, p, depth + 1);
      else seen.set(p, (seen.get(p) ?? 0) + 1);
    }
  };
  for (const e of entries) walk(e.metadata, 'meta', 1);
  return [...seen.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, max).map(([p]) => p);
}

/** A value as the query language reads it back: quoted when it has spaces, quotes or parentheses. */
export function quoteValue(value: string): string {
  return /[\s()"]/.test(value) || value === '' ? `"${value.replace(/"/g, '')}"` : value;
}

export const MAX_SUGGESTIONS = 10;

export function suggestions(ctx: CompletionContext, values: readonly string[], paths: readonly string[]): Suggestion[] {
  const p = ctx.prefix.toLowerCase();
  if (ctx.kind === 'field') {
    const meta = paths.map((path) => ({ insert: `${path}:`, label: `${path}:`, detail: 'metadata field' }));
    return [...FIELD_SUGGESTIONS, ...meta]
      .filter((s) => s.insert.toLowerCase().startsWith(p) && s.insert.toLowerCase() !== p)
      .slice(0, MAX_SUGGESTIONS);
  }
  const candidates = ctx.source === 'level' ? ['debug', 'info', 'warn', 'error', 'critical'] : values;
  const starts = candidates.filter((v) => v.toLowerCase().startsWith(p));
  const contains = p ? candidates.filter((v) => !v.toLowerCase().startsWith(p) && v.toLowerCase().includes(p)) : [];
  return [...starts, ...contains]
    .filter((v) => v !== ctx.prefix)
    .slice(0, MAX_SUGGESTIONS)
    .map((v) => ({ insert: quoteValue(v), label: v }));
}

/** The text with the suggestion in place of the term, and where the caret goes. */
export function applySuggestion(text: string, ctx: CompletionContext, s: Suggestion): { text: string; caret: number } {
  // A picked value ends the term: a space follows, ready for the next one. A field name stays
  // open for its value.
  const after = text.slice(ctx.end);
  const tail = ctx.kind === 'value' && !after.startsWith(' ') ? ' ' : '';
  const next = text.slice(0, ctx.start) + s.insert + tail + after;
  return { text: next, caret: ctx.start + s.insert.length + (ctx.kind === 'value' ? 1 : 0) };
}
