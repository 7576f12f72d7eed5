/** A line cut into plain text and captured pieces, for showing what a rule extracted where. */
export interface Segment {
  text: string;
  field: string | null;
}

/**
 * Cut `line` at the capture spans. Spans may nest (a grok pattern inside a captured group):
 * the outer one wins and inner ones inside it are skipped, so every character shows once.
 */
export function segmentsOf(line: string, spans: readonly { field: string; start: number; end: number }[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (span.start < at || span.end <= span.start || span.end > line.length) continue;
    if (span.start > at) out.push({ text: line.slice(at, span.start), field: null });
    out.push({ text: line.slice(span.start, span.end), field: span.field });
    at = span.end;
  }
  if (at < line.length) out.push({ text: line.slice(at), field: null });
  return out;
}

/** A small stable palette index per field name, so a field keeps its colour across lines. */
export function colourOf(field: string, fields: readonly string[]): number {
  const i = fields.indexOf(field);
  return (i === -1 ? 0 : i) % 6;
}
