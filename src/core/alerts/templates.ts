/**
 * Annotation templates in the Prometheus style: `{{ $labels.spacecraft }}`, `{{ $value }}`,
 * `{{ $threshold }}`. Unknown names render empty rather than failing, so a typo never stops an alert.
 */
const TOKEN = /\{\{\s*\$(labels\.([A-Za-z_][A-Za-z0-9_.-]*)|value|threshold)\s*\}\}/g;

export function formatValue(v: number | null): string {
  return v === null ? 'no data' : String(Number(v.toPrecision(6)));
}

export function renderTemplate(text: string, vars: { labels: Record<string, string>; value: number | null; threshold: number }): string {
  return text.replace(TOKEN, (_all, what: string, label: string | undefined) => {
    if (label !== undefined) return vars.labels[label] ?? '';
    return what === 'value' ? formatValue(vars.value) : formatValue(vars.threshold);
  });
}

export function renderAnnotations(
  annotations: Record<string, string>,
  vars: { labels: Record<string, string>; value: number | null; threshold: number },
): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, renderTemplate(v, vars)]));
}
