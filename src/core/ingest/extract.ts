/**
 * Extraction rules: a regex with named captures, or grok, whose captures become metadata
 * fields of the lines of some services. One compile and one apply function serve both the
 * ingest path and the in-UI tester, so what the tester shows is what ingest stores.
 *
 * Guards against a pattern that backtracks badly, in layers: the scan refuses nested unbounded
 * repetition at save time; a rule sees at most the first 8 KiB of a message (bounding
 * polynomial cases like `(.*) (.*) (.*)x`); V8 is told to finish a match that backtracks
 * excessively on its linear-time engine where the pattern allows (no lookaround/backreference,
 * small counted repeats); and a rule that still takes over 50 ms on one line is suspended until
 * it is saved again.
 */
import v8 from 'node:v8';
import type { LogLevel } from '../../shared/api/schemas/logs';
import { normaliseLevel } from '../query/log-query';
import { checkFieldName, compileGrok, type FieldType } from './extract-grok';
import { PatternError, scanPattern } from './extract-scan';

export { PatternError } from './extract-scan';

/** The part of a message a rule sees. */
export const MAX_RULE_INPUT = 8_192;
/** One line taking longer than this under one rule suspends the rule. */
export const SUSPEND_AFTER_MS = 50;

// Process-wide and harmless for other regexes: a match that would backtrack more than 50 000
// times is finished by a breadth-first engine with the same result, where the pattern allows.
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

export type ExtractionKind = 'regex' | 'grok';

export interface PatternSpec {
  kind: ExtractionKind;
  pattern: string;
}

export interface CompiledPattern {
  regex: RegExp;
  /** The regex group name → the field it fills and its type. */
  groups: Map<string, { field: string; type: FieldType }>;
  source: string;
}

export type FieldValue = string | number;

export interface Extraction {
  fields: Record<string, FieldValue>;
  /** A recognised `level` capture, normalised. */
  level: LogLevel | null;
}

const TYPE_SUFFIX = /^(.*)__(int|float)$/;

/** Compile a rule's pattern, or throw PatternError naming the position in the operator's text. */
export function compilePattern(spec: PatternSpec): CompiledPattern {
  const groups = new Map<string, { field: string; type: FieldType }>();
  let source: string;
  if (spec.kind === 'grok') {
    const g = compileGrok(spec.pattern);
    source = g.source;
    for (const [field, type] of g.fields) groups.set(field, { field, type });
  } else {
    source = spec.pattern;
    // Regex captures are typed by a suffix: (?<duration_ms__int>\d+) fills duration_ms as an integer.
    scanPattern(spec.pattern, {
      onGroupName(name, position) {
        const typed = TYPE_SUFFIX.exec(name);
        const field = typed ? (typed[1] as string) : name;
        checkFieldName(field, position);
        if ([...groups.values()].some((g) => g.field === field)) throw new PatternError(`the field "${field}" is captured twice`, position);
        groups.set(name, { field, type: typed ? (typed[2] as FieldType) : 'string' });
      },
    });
  }
  if (groups.size === 0) {
    throw new PatternError(spec.kind === 'grok' ? 'captures no field: write %{PATTERN:field}' : 'captures no field: write a named group (?<field>…)', null);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch (e) {
    throw new PatternError((e as Error).message.replace(/^Invalid regular expression: /, ''), null);
  }
  return { regex, groups, source };
}

function typed(raw: string, type: FieldType): FieldValue {
  if (type === 'string') return raw;
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(n)) return raw; // not a number after all: kept as text, never lost
  if (type === 'float') return n;
  const i = Math.trunc(n);
  return Number.isSafeInteger(i) ? i : raw;
}

/** Apply one compiled pattern to a message: null when it does not match. */
export function applyPattern(p: CompiledPattern, message: string): Extraction | null {
  const m = p.regex.exec(message.length > MAX_RULE_INPUT ? message.slice(0, MAX_RULE_INPUT) : message);
  if (!m?.groups) return null;
  const fields: Record<string, FieldValue> = {};
  let level: LogLevel | null = null;
  for (const [group, { field, type }] of p.groups) {
    const raw = m.groups[group];
    if (raw === undefined) continue;
    if (field === 'level') {
      level = normaliseLevel(raw);
      if (level !== null) continue; // the line's level, not metadata
    }
    fields[field] = typed(raw, type);
  }
  return { fields, level };
}

/** Where a match's captures are in the message (the tester highlights them). */
export function captureSpans(p: CompiledPattern, message: string): { field: string; start: number; end: number }[] {
  const withIndices = new RegExp(p.source, 'd');
  const m = withIndices.exec(message.length > MAX_RULE_INPUT ? message.slice(0, MAX_RULE_INPUT) : message);
  const indices = m?.indices?.groups;
  if (!indices) return [];
  const spans: { field: string; start: number; end: number }[] = [];
  for (const [group, { field }] of p.groups) {
    const at = indices[group];
    if (at) spans.push({ field, start: at[0], end: at[1] });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** `*` or empty: every line; a glob with * and ?: matching services; else the exact name. */
export function serviceMatcher(service: string): (name: string | null) => boolean {
  const s = service.trim();
  if (s === '' || s === '*') return () => true;
  if (!/[*?]/.test(s)) return (name) => name === s;
  const re = new RegExp(`^${s.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return (name) => name !== null && re.test(name);
}
