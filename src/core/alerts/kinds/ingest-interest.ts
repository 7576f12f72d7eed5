/**
 * Which commits a rule's value could change with: a kind turns its condition into an
 * IngestInterest once (the engine caches it per condition), and the engine asks it of each
 * batch of commits. It may answer yes wrongly (a wasted evaluation), never no wrongly (a missed
 * alarm): anything it cannot judge exactly is a yes. Time passing changes values too; the
 * interval evaluation covers that for every rule.
 */
import { ASCII_SEPARATORS, NON_ASCII, type CommitTouched } from '../../ingest/commit-touched';
import { parseLogQuery, type Predicate, type QueryNode } from '../../query/log-query';
import type { Expr } from '../../query/metrics/parser';

/** A commit summary with sets, built once per batch of commits. */
export interface TouchedIndex {
  lines: boolean;
  samples: boolean;
  metricNames: ReadonlySet<string> | null;
  services: ReadonlySet<string> | null;
  spacecraft: ReadonlySet<string> | null;
  levels: ReadonlySet<string>;
  words: ReadonlySet<string> | null;
  wideWords: readonly string[];
}

export type IngestInterest = (t: TouchedIndex) => boolean;

export function indexTouched(t: CommitTouched): TouchedIndex {
  const set = (a: string[] | null) => (a === null ? null : new Set(a));
  return {
    // Every line has a level, so a commit with lines has at least one.
    lines: t.levels.length > 0,
    samples: t.metricNames === null || t.metricNames.length > 0,
    metricNames: set(t.metricNames),
    services: set(t.services),
    spacecraft: set(t.spacecraft),
    levels: new Set(t.levels),
    words: t.words === null ? null : new Set(t.words),
    wideWords: t.wideWords,
  };
}

export const anySample: IngestInterest = (t) => t.samples;
export const anyLine: IngestInterest = (t) => t.lines;

export function metricNamed(name: string): IngestInterest {
  return (t) => t.samples && (t.metricNames === null || t.metricNames.has(name));
}

/** The metric names a metric query reads; null when a selector names none (it reads every metric). */
export function selectedMetrics(e: Expr, out = new Set<string>()): Set<string> | null {
  switch (e.type) {
    case 'selector': {
      const name = e.name ?? e.matchers.find((m) => m.name === '__name__' && m.op === '=')?.value;
      if (name === undefined) return null;
      out.add(name);
      return out;
    }
    case 'call':
      for (const a of e.args) if (selectedMetrics(a, out) === null) return null;
      return out;
    case 'aggregate':
      if (e.param && selectedMetrics(e.param, out) === null) return null;
      return selectedMetrics(e.expr, out);
    case 'binary':
      return selectedMetrics(e.lhs, out) && selectedMetrics(e.rhs, out);
    case 'unary':
      return selectedMetrics(e.expr, out);
    case 'number':
    case 'string':
      return out;
  }
}

export function metricsNamed(names: Set<string> | null): IngestInterest {
  if (names === null) return anySample;
  const list = [...names];
  // A query over no series at all (a constant) changes with time only.
  return (t) => t.samples && (t.metricNames === null || list.some((n) => (t.metricNames as ReadonlySet<string>).has(n)));
}

/** Lines a log query could match: its field terms (level, service, spacecraft) and its plain-ASCII words are checked. */
export function logQueryInterest(query: string): IngestInterest {
  let ast: QueryNode | null;
  try {
    ast = parseLogQuery(query).ast;
  } catch {
    // Evaluating it reports the error as before.
    return anyLine;
  }
  return (t) => t.lines && (ast === null || couldMatch(ast, t));
}

function couldMatch(n: QueryNode, t: TouchedIndex): boolean {
  switch (n.kind) {
    case 'text':
      return couldHaveText(n.text, n.prefix, t);
    case 'field':
      return couldHaveField(n.pred, t);
    case 'not':
      // A line lacking something is no summary's to rule out.
      return true;
    case 'and':
      return n.children.every((c) => couldMatch(c, t));
    case 'or':
      return n.children.some((c) => couldMatch(c, t));
  }
}

/**
 * Whether every word of a full-text term occurs in the commit. Only a term in plain ASCII is
 * judged: its words are then exactly the full-text index's tokens (lower-cased), and the
 * commit's words hold every token of its lines (see commit-touched.ts).
 */
function couldHaveText(text: string, prefix: boolean, t: TouchedIndex): boolean {
  const words = t.words;
  if (words === null || NON_ASCII.test(text)) return true;
  const want = text.toLowerCase().split(ASCII_SEPARATORS).filter((w) => w !== '');
  return want.every((w, i) => {
    if (t.wideWords.some((x) => x.includes(w))) return true;
    if (!(prefix && i === want.length - 1)) return words.has(w);
    for (const x of words) if (x.startsWith(w)) return true;
    return false;
  });
}

function couldHaveField(p: Predicate, t: TouchedIndex): boolean {
  if (p.kind === 'level') return p.levels.some((l) => t.levels.has(l));
  if (p.kind !== 'column' || p.test === 'exists') return true;
  const values = p.column === 'service' ? t.services : p.column === 'spacecraft_id' ? t.spacecraft : null;
  if (values === null) return true;
  if (p.test === 'eq') return values.has(p.value);
  for (const v of values) if (v.startsWith(p.value)) return true;
  return false;
}
