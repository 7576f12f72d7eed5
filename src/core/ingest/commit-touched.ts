/**
 * What one commit held, in brief: the metric names, services, spacecraft, levels and message
 * words of its records. The alert engine reads it to skip the rules a commit cannot affect (a
 * commit of metric X cannot change a rule on metric Y). Built on the writer thread and posted
 * with each commit, so every list is capped: past the cap it is null, "too many to say", and
 * every rule that looks at that field is evaluated — the summary may over-state, never omit.
 */
import type { LogRecord } from '../db/repos/logs';

export interface CommitTouched {
  /** Distinct metric names of the samples ([] when none); null: more than the cap. */
  metricNames: string[] | null;
  /** Distinct non-null services of the lines; null: more than the cap. */
  services: string[] | null;
  spacecraft: string[] | null;
  levels: string[];
  /** Distinct words of the messages in plain ASCII, lower-cased (see messageWords); null: more than the cap. */
  words: string[] | null;
  /** Words with other characters, folded; [] when words is null. */
  wideWords: string[];
}

export const TOUCHED_CAP = 2048;
/** Words are many more than names; a bulk load passes this early and stops collecting. */
export const WORDS_CAP = 8192;

/**
 * Folded at least as coarsely as SQLite's `unicode61 remove_diacritics 2` tokenizer folds:
 * compatibility decomposition, combining marks dropped, lower case.
 */
export function foldText(text: string): string {
  // Lower-casing may leave a mark (İ → i̇), so marks are dropped after it as well.
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\p{M}+/gu, '');
}

/** Runs of ASCII characters other than letters and digits (UTF-16 units: astral characters are never separators here). */
export const ASCII_SEPARATORS = /[^A-Za-z0-9\u0080-\uffff]+/;
export const NON_ASCII = /[\u0080-\uffff]/;

/**
 * A message split at ASCII separators, which the tokenizer always treats as such. A plain-ASCII
 * piece is exactly one token of the full-text index (lower-cased): `words`. A piece with other
 * characters may hold several tokens (split at a non-ASCII separator, or at a mark the fold
 * drops), so it is kept folded in `wide`, and readers search inside it.
 */
export function messageWords(text: string, words: Set<string>, wide: Set<string>): void {
  for (const piece of text.split(ASCII_SEPARATORS)) {
    if (piece === '') continue;
    if (NON_ASCII.test(piece)) wide.add(foldText(piece));
    else words.add(piece.toLowerCase());
  }
}

/** Collects a commit's summary record by record; stops collecting a list once it passes its cap. */
export class TouchedCollector {
  private readonly metricNames = new Set<string>();
  private services: Set<string> | null = new Set();
  private spacecraft: Set<string> | null = new Set();
  private readonly levels = new Set<string>();
  private words: Set<string> | null = new Set();
  private readonly wide = new Set<string>();
  private metricsOver = false;

  addLog(r: LogRecord): void {
    this.levels.add(r.level);
    if (r.service !== null && this.services) this.services = capped(this.services.add(r.service), TOUCHED_CAP);
    if (r.spacecraft_id !== null && this.spacecraft) this.spacecraft = capped(this.spacecraft.add(r.spacecraft_id), TOUCHED_CAP);
    if (this.words) {
      messageWords(r.message, this.words, this.wide);
      if (this.words.size + this.wide.size > WORDS_CAP) this.words = null;
    }
  }

  addMetric(name: string): void {
    if (this.metricsOver) return;
    this.metricNames.add(name);
    if (this.metricNames.size > TOUCHED_CAP) this.metricsOver = true;
  }

  /** Which metrics is not known (samples staged before a restart): every metric rule looks. */
  allMetrics(): void {
    this.metricsOver = true;
  }

  result(): CommitTouched {
    return {
      metricNames: this.metricsOver ? null : [...this.metricNames],
      services: this.services && [...this.services],
      spacecraft: this.spacecraft && [...this.spacecraft],
      levels: [...this.levels],
      words: this.words && [...this.words],
      wideWords: this.words ? [...this.wide] : [],
    };
  }
}

const capped = (set: Set<string>, cap: number): Set<string> | null => (set.size > cap ? null : set);

const union = (a: string[] | null, b: string[] | null, cap: number): string[] | null => {
  if (a === null || b === null) return null;
  const u = new Set([...a, ...b]);
  return u.size > cap ? null : [...u];
};

/** Two commits' summaries as one (the engine coalesces commits that arrive close together). */
export function mergeTouched(a: CommitTouched, b: CommitTouched): CommitTouched {
  return {
    metricNames: union(a.metricNames, b.metricNames, TOUCHED_CAP),
    services: union(a.services, b.services, TOUCHED_CAP),
    spacecraft: union(a.spacecraft, b.spacecraft, TOUCHED_CAP),
    levels: [...new Set([...a.levels, ...b.levels])],
    ...mergeWords(a, b),
  };
}

function mergeWords(a: CommitTouched, b: CommitTouched): Pick<CommitTouched, 'words' | 'wideWords'> {
  const words = union(a.words, b.words, WORDS_CAP);
  const wide = union(a.wideWords, b.wideWords, WORDS_CAP);
  if (words === null || wide === null || words.length + wide.length > WORDS_CAP) return { words: null, wideWords: [] };
  return { words, wideWords: wide };
}
