/**
 * Prometheus text exposition format 0.0.4 → samples. A small hand parser rather than a
 * dependency: the format is a line protocol (HELP/TYPE comments, `name{labels} value [ts]`),
 * the maintained npm parsers are unmaintained or pull a lot, and errors must name the line.
 */
export type PromType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp: number | null;
  /** The family's declared TYPE (untyped when none was declared). */
  type: PromType;
}

export interface PromParseResult {
  samples: PromSample[];
  /** "line N: reason" for each line that could not be read (the rest is still used). */
  errors: string[];
}

const TYPES = new Set<PromType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** The family a sample name belongs to (histogram/summary series carry suffixes). */
function familyOf(name: string, types: Map<string, PromType>): PromType {
  const direct = types.get(name);
  if (direct) return direct;
  for (const suffix of ['_bucket', '_sum', '_count', '_total', '_created']) {
    if (name.endsWith(suffix)) {
      const t = types.get(name.slice(0, -suffix.length));
      if (t) return t;
    }
  }
  return 'untyped';
}

function parseValue(text: string): number | null {
  switch (text) {
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}

/** Parses `{a="x",b="y\"z"}` from position 0 of `s`; returns labels and the length consumed, or an error. */
function parseLabels(s: string): { labels: Record<string, string>; length: number } | string {
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  let i = 1;
  for (;;) {
    while (s[i] === ' ') i++;
    if (s[i] === '}') return { labels, length: i + 1 };
    const m = LABEL_NAME.exec(s.slice(i));
    if (!m) return `bad label name at column ${i + 1}`;
    const key = m[0];
    i += key.length;
    while (s[i] === ' ') i++;
    if (s[i] !== '=') return `expected ="…" after label ${key}`;
    i++;
    while (s[i] === ' ') i++;
    if (s[i] !== '"') return `expected ="…" after label ${key}`;
    i++;
    let value = '';
    for (;;) {
      const ch = s[i];
      if (ch === undefined) return `unterminated value of label ${key}`;
      if (ch === '"') break;
      if (ch === '\\') {
        const next = s[i + 1];
        value += next === 'n' ? '\n' : next === '"' ? '"' : next === '\\' ? '\\' : `\\${next ?? ''}`;
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
    i++;
    if (key in labels) return `label ${key} given twice`;
    labels[key] = value;
    while (s[i] === ' ') i++;
    if (s[i] === ',') i++;
    else if (s[i] !== '}') return `expected , or } after label ${key}`;
  }
}

export function parsePrometheusText(text: string): PromParseResult {
  const types = new Map<string, PromType>();
  const samples: PromSample[] = [];
  const errors: string[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] as string).replace(/\r$/, '').trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (m && TYPES.has(m[2] as PromType)) types.set(m[1] as string, m[2] as PromType);
      continue;
    }
    const nameMatch = NAME.exec(line);
    if (!nameMatch) {
      errors.push(`line ${n + 1}: no metric name`);
      continue;
    }
    const name = nameMatch[0];
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      const parsed = parseLabels(rest);
      if (typeof parsed === 'string') {
        errors.push(`line ${n + 1}: ${parsed}`);
        continue;
      }
      labels = parsed.labels;
      rest = rest.slice(parsed.length);
    }
    const parts = rest.trim().split(/\s+/);
    const value = parts[0] === undefined || parts[0] === '' ? null : parseValue(parts[0]);
    if (value === null || parts.length > 2) {
      errors.push(`line ${n + 1}: expected a value and an optional timestamp after ${name}`);
      continue;
    }
    let timestamp: number | null = null;
    if (parts[1] !== undefined) {
      if (!/^-?\d{1,16}$/.test(parts[1])) {
        errors.push(`line ${n + 1}: timestamp ${parts[1].slice(0, 20)} is not integer milliseconds`);
        continue;
      }
      timestamp = Number(parts[1]);
    }
    samples.push({ name, labels: { ...labels }, value, timestamp, type: familyOf(name, types) });
  }
  return { samples, errors };
}
