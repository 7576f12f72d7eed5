import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { ExtractionLineResult, ExtractionRule } from '../../shared/api/schemas/extraction';
import { ExtractionRulesRepo, type StoredExtractionRule } from '../db/repos/extraction-rules';
import { applyPattern, captureSpans, compilePattern, PatternError, SUSPEND_AFTER_MS, type CompiledPattern, type PatternSpec } from '../ingest/extract';
import type { HandlerContext } from './context';

/** Compile as ingest will, or refuse with a 400 naming the field and the position. */
function compileOrRefuse(spec: PatternSpec, field: string): CompiledPattern {
  try {
    return compilePattern(spec);
  } catch (e) {
    if (!(e instanceof PatternError)) throw e;
    const at = e.position === null ? '' : ` at position ${e.position}`;
    throw new ApiError('bad_request', `${field}: ${e.message}${at}`);
  }
}

const miss = (error: string | null): ExtractionLineResult => ({ matched: false, fields: {}, level: null, spans: [], error });

/** One sample line through the same compile+apply code ingest uses, and how long the apply took. */
function testLine(pattern: CompiledPattern, line: string): { result: ExtractionLineResult; ms: number } {
  const started = performance.now();
  try {
    const out = applyPattern(pattern, line);
    const ms = performance.now() - started;
    if (!out) return { result: miss(null), ms };
    return { result: { matched: true, fields: out.fields, level: out.level, spans: captureSpans(pattern, line), error: null }, ms };
  } catch (e) {
    return { result: miss((e as Error).message), ms: performance.now() - started };
  }
}

/**
 * Every sample line, unless one is slower than ingest tolerates: that line says so (ingest would
 * suspend the rule) and the rest are skipped, so a bad draft cannot hold the thread for long.
 */
function testLines(pattern: CompiledPattern, lines: string[]): ExtractionLineResult[] {
  const results: ExtractionLineResult[] = [];
  let tooSlow = false;
  for (const line of lines) {
    if (tooSlow) {
      results.push(miss('not tested: an earlier line was too slow'));
      continue;
    }
    const { result, ms } = testLine(pattern, line);
    if (ms > SUSPEND_AFTER_MS) {
      tooSlow = true;
      result.error = `took ${Math.round(ms)} ms on this line (limit ${SUSPEND_AFTER_MS} ms): ingest would suspend the rule; simplify the pattern`;
    }
    results.push(result);
  }
  return results;
}

/** Extraction rules: per-service patterns whose captures become metadata at ingest. */
export function extractionHandlers(ctx: HandlerContext): Pick<Api, 'extraction.list' | 'extraction.save' | 'extraction.delete' | 'extraction.test'> {
  const repo = new ExtractionRulesRepo(ctx.db);
  const withStats = (rule: StoredExtractionRule): ExtractionRule => ({ ...rule, stats: ctx.extraction.statsOf(rule.id) });

  return {
    async 'extraction.list'() {
      return { items: repo.list().map(withStats) };
    },

    async 'extraction.save'(input) {
      const name = input.name.trim();
      if (name === '') throw new ApiError('bad_request', 'name: must not be blank');
      const fields = {
        name,
        service: (input.service ?? '*').trim() || '*',
        kind: input.kind,
        pattern: input.pattern,
        enabled: input.enabled ?? true,
        order: input.order ?? 0,
      };
      compileOrRefuse(fields, 'pattern');
      const sameName = repo.idOfName(name);
      if (sameName !== null && sameName !== input.id) throw new ApiError('conflict', `name: a rule named "${name}" exists already`);
      let saved: StoredExtractionRule;
      if (input.id === undefined) saved = repo.create(fields, ctx.now());
      else {
        const updated = repo.update(input.id, fields, ctx.now());
        if (!updated) throw new ApiError('not_found', `id: no extraction rule ${input.id}`);
        saved = updated;
      }
      ctx.extraction.changed(saved.id);
      return withStats(saved);
    },

    async 'extraction.delete'(input) {
      const deleted = repo.delete(input.id);
      if (deleted) ctx.extraction.changed(input.id);
      return { deleted };
    },

    async 'extraction.test'(input) {
      let pattern: CompiledPattern;
      try {
        pattern = compilePattern(input.rule);
      } catch (e) {
        if (!(e instanceof PatternError)) throw e;
        // A draft being typed: the error is the answer, not a failure of the call.
        return { error: { message: e.message, position: e.position }, results: [] };
      }
      return { error: null, results: testLines(pattern, input.lines) };
    },
  };
}
