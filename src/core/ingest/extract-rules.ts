/**
 * The extraction rules ingest applies: loaded from the store on first use, compiled once,
 * grouped per service (cached, so a line costs one Map lookup before its rules run) and
 * dropped whenever a rule is saved or deleted, so a change applies to the next batch without
 * a restart. Runs on the thread that parses ingest requests, before records go to the writer.
 */
import type { LogRecord } from '../db/repos/logs';
import type { StoredExtractionRule } from '../db/repos/extraction-rules';
import type { Extraction, FieldValue } from './extract';
import { applyPattern, compilePattern, serviceMatcher, SUSPEND_AFTER_MS, type CompiledPattern } from './extract';

export interface RuleStats {
  matched: number;
  errors: number;
  last_error: string | null;
  suspended: string | null;
}

interface LiveRule {
  id: number;
  pattern: CompiledPattern;
  appliesTo: (service: string | null) => boolean;
  stats: RuleStats;
}

/** Distinct services cached before the cache starts over (services are few; this bounds a flood). */
const MAX_CACHED_SERVICES = 2_000;

export class ExtractionRules {
  private rules: LiveRule[] | null = null;
  private readonly byService = new Map<string | null, LiveRule[]>();
  private readonly stats = new Map<number, RuleStats>();

  constructor(
    private readonly load: () => StoredExtractionRule[],
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** A rule was saved or deleted: recompile on the next line; its counters start over. */
  changed(id?: number): void {
    if (id !== undefined) this.stats.delete(id);
    this.rules = null;
    this.byService.clear();
  }

  statsOf(id: number): RuleStats {
    return { ...(this.stats.get(id) ?? { matched: 0, errors: 0, last_error: null, suspended: null }) };
  }

  private all(): LiveRule[] {
    if (this.rules) return this.rules;
    const live: LiveRule[] = [];
    for (const rule of this.load()) {
      if (!rule.enabled) continue;
      let stats = this.stats.get(rule.id);
      if (!stats) this.stats.set(rule.id, (stats = { matched: 0, errors: 0, last_error: null, suspended: null }));
      if (stats.suspended) continue;
      try {
        live.push({ id: rule.id, pattern: compilePattern(rule), appliesTo: serviceMatcher(rule.service), stats });
      } catch (e) {
        // Saved rules were validated; this is a pattern an older or newer version accepted.
        stats.errors++;
        stats.last_error = `does not compile: ${(e as Error).message}`;
      }
    }
    return (this.rules = live);
  }

  private forService(service: string | null): LiveRule[] {
    let rules = this.byService.get(service);
    if (rules) return rules;
    if (this.byService.size >= MAX_CACHED_SERVICES) this.byService.clear();
    rules = this.all().filter((r) => r.appliesTo(service));
    this.byService.set(service, rules);
    return rules;
  }

  /**
   * Fields the rules of this line's service extract, in rule order, the first to fill a field
   * winning. A rule that throws is counted and skipped: the line is always kept.
   */
  apply(record: LogRecord): Extraction | null {
    const rules = this.forService(record.service);
    if (rules.length === 0) return null;
    let fields: Record<string, FieldValue> | null = null;
    let level: Extraction['level'] = null;
    for (const rule of rules) {
      if (rule.stats.suspended) continue;
      const started = this.clock();
      let out: Extraction | null;
      try {
        out = applyPattern(rule.pattern, record.message);
      } catch (e) {
        rule.stats.errors++;
        rule.stats.last_error = (e as Error).message;
        continue;
      }
      const took = this.clock() - started;
      if (took > SUSPEND_AFTER_MS) this.suspend(rule, took);
      if (!out) continue;
      rule.stats.matched++;
      level ??= out.level;
      // Each apply builds fresh objects: the first match's is the accumulator, later ones only add.
      if (fields === null) fields = out.fields;
      else for (const k in out.fields) if (!(k in fields)) fields[k] = out.fields[k] as FieldValue;
    }
    return fields || level ? { fields: fields ?? {}, level } : null;
  }

  private suspend(rule: LiveRule, took: number): void {
    rule.stats.suspended = `one line took ${Math.round(took)} ms (limit ${SUSPEND_AFTER_MS} ms): ingest stopped applying the rule; simplify the pattern and save it again`;
    rule.stats.errors++;
    rule.stats.last_error = rule.stats.suspended;
    this.rules = null;
    this.byService.clear();
  }
}
