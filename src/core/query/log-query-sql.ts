/**
 * The log query language, SQL level: a parsed query tree → one WHERE condition on the `l` alias
 * of log_entries, with bound parameters. Text terms become FTS5 MATCH expressions that we build
 * (every piece of user text inside a double-quoted FTS5 string), and a subtree made only of text
 * terms becomes a single MATCH, AND/OR/NOT included. Field terms are plain column conditions or
 * SQLite JSON functions on `metadata`; metadata paths are spliced into SQL only after being checked
 * against SAFE_SEGMENT again here, so no user text is ever SQL.
 */
import type { QueryNode, Predicate } from './log-query';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const SAFE_SEGMENT = /^[A-Za-z0-9_]+$/;

/** One FTS5 string literal: the text quoted, inner quotes doubled; `"therm"*` for a prefix. */
export function ftsString(term: { text: string; prefix: boolean }): string | null {
  if (!/[\p{L}\p{N}]/u.test(term.text)) return null;
  // FTS5 reads a NUL as the end of its input; the tokenizer treats it as a separator anyway.
  const text = term.text.replaceAll('\u0000', ' ').replace(/"/g, '""');
  return `"${text}"${term.prefix ? '*' : ''}`;
}

/**
 * The full-text subquery every text term compiles to. Exported so a reader can bound it by rowid
 * (LogsRepo's windowed search appends `AND rowid BETWEEN …` right after it, with named
 * parameters, so the positional ones keep their order).
 */
export const FTS_ROWIDS = 'SELECT rowid FROM log_fts WHERE log_fts MATCH ?';

const ftsIn = (expr: string, negated: boolean): SqlCondition => ({
  sql: `l.id ${negated ? 'NOT IN' : 'IN'} (${FTS_ROWIDS})`,
  params: [expr],
});

const group = (parts: string[], op: 'AND' | 'OR') => (parts.length === 1 ? (parts[0] as string) : `(${parts.join(` ${op} `)})`);

/**
 * The subtree as one FTS5 expression, or null when it cannot be one: it holds a field term, or
 * a negation with nothing positive beside it (FTS5's NOT is binary: `a NOT b`).
 */
function fts(node: QueryNode): string | null {
  switch (node.kind) {
    case 'text':
      return ftsString(node);
    case 'field':
    case 'not':
      return null;
    case 'or': {
      const parts = node.children.map(fts);
      return parts.every((p) => p !== null) ? group(parts as string[], 'OR') : null;
    }
    case 'and': {
      const pos: string[] = [];
      const neg: string[] = [];
      for (const c of node.children) {
        const e = c.kind === 'not' ? fts(c.child) : fts(c);
        if (e === null) return null;
        (c.kind === 'not' ? neg : pos).push(e);
      }
      if (pos.length === 0) return null;
      return neg.length ? `(${group(pos, 'AND')} NOT ${group(neg, 'OR')})` : group(pos, 'AND');
    }
  }
}

const join = (conds: SqlCondition[], op: 'AND' | 'OR'): SqlCondition => ({
  sql: conds.length === 1 ? (conds[0] as SqlCondition).sql : `(${conds.map((c) => c.sql).join(` ${op} `)})`,
  params: conds.flatMap((c) => c.params),
});

/** A condition that is true or false for every row, never NULL: NOT may be put before it. */
export function compileQuery(node: QueryNode, negated = false): SqlCondition {
  switch (node.kind) {
    case 'text':
      return ftsIn(ftsString(node) ?? '""', negated);
    case 'field':
      return predicate(node.pred, negated);
    case 'not':
      return compileQuery(node.child, !negated);
    case 'and':
    case 'or': {
      const whole = fts(node);
      if (whole !== null) return ftsIn(whole, negated);
      // De Morgan: under a negation AND becomes OR and the children are negated.
      const op = (node.kind === 'and') !== negated ? 'AND' : 'OR';
      const rest: SqlCondition[] = [];
      const conds: SqlCondition[] = [];
      if (node.kind === 'and') {
        // The text children of an AND still make one MATCH (`a -b service:x` → `"a" NOT "b"`).
        const textual = node.children.filter((c) => fts(c.kind === 'not' ? c.child : c) !== null);
        let merged = textual.length > 1 ? fts({ kind: 'and', children: textual }) : null;
        let mergedNegated = negated;
        if (merged === null && textual.length > 1) {
          // Only negations: -a -b is NOT (a OR b), one NOT IN.
          merged = group(textual.map((c) => fts((c as { child: QueryNode }).child) as string), 'OR');
          mergedNegated = !negated;
        }
        for (const c of node.children) if (!(merged !== null && textual.includes(c))) rest.push(compileQuery(c, negated));
        if (merged !== null) conds.push(ftsIn(merged, mergedNegated));
      } else {
        const textual = node.children.filter((c) => fts(c) !== null);
        const merged = textual.length > 1 ? fts({ kind: 'or', children: textual }) : null;
        for (const c of node.children) if (!(merged !== null && textual.includes(c))) rest.push(compileQuery(c, negated));
        if (merged !== null) conds.push(ftsIn(merged, negated));
      }
      return join([...rest, ...conds], op);
    }
  }
}

function globEscape(text: string): string {
  return text.replace(/[[*?]/g, (c) => `[${c}]`);
}

function predicate(pred: Predicate, negated: boolean): SqlCondition {
  switch (pred.kind) {
    case 'level': {
      if (pred.levels.length === 0) return { sql: negated ? '1' : '0', params: [] };
      return { sql: `l.level ${negated ? 'NOT IN' : 'IN'} (${pred.levels.map(() => '?').join(',')})`, params: [...pred.levels] };
    }
    case 'column': {
      const col = `l.${pred.column}`;
      if (pred.test === 'exists') return { sql: `${col} IS ${negated ? '' : 'NOT '}NULL`, params: [] };
      const cmp = pred.test === 'prefix' ? `${col} GLOB ?` : `${col} = ?`;
      const value = pred.test === 'prefix' ? `${globEscape(pred.value)}*` : pred.value;
      return { sql: negated ? `(${col} IS NULL OR NOT (${cmp}))` : cmp, params: [value] };
    }
    case 'meta': {
      if (!pred.path.every((s) => SAFE_SEGMENT.test(s))) throw new Error('metadata path segment failed validation');
      const path = `'$.${pred.path.join('.')}'`;
      const type = `json_type(l.metadata, ${path})`;
      const value = `json_extract(l.metadata, ${path})`;
      if (pred.test === 'exists') return { sql: `${type} IS ${negated ? '' : 'NOT '}NULL`, params: [] };
      let cond: SqlCondition;
      if (pred.test === 'prefix') {
        cond = { sql: `(${type} = 'text' AND ${value} GLOB ?)`, params: [`${globEscape(pred.value)}*`] };
      } else {
        const op = pred.test === 'cmp' ? pred.op : '=';
        const alts: SqlCondition[] = [];
        // Numbers compare as numbers, text as text: SQLite would otherwise rank any text above any number.
        if (pred.number !== null) alts.push({ sql: `(${type} IN ('integer','real') AND ${value} ${op} ?)`, params: [pred.number] });
        if (pred.number === null || op === '=') alts.push({ sql: `(${type} = 'text' AND ${value} ${op} ?)`, params: [pred.value] });
        if (op === '=' && pred.keyword !== null) alts.push({ sql: `${type} = ?`, params: [pred.keyword] });
        cond = join(alts, 'OR');
      }
      // json_type() is NULL where the path is absent: coalesce keeps the condition two-valued.
      return negated ? { sql: `NOT coalesce(${cond.sql}, 0)`, params: cond.params } : cond;
    }
  }
}
