/**
 * CSV per RFC 4180 (CRLF line ends, fields with quotes, commas or line breaks quoted, quotes
 * doubled), with every text cell defused against formula injection: a spreadsheet reads a
 * cell starting with = + - @ (or tab / CR, which some strip before reading) as a formula, so
 * such a cell gets a leading apostrophe and shows as the text it is (OWASP's advice).
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field from a text value (null → empty field). */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record, CRLF-terminated. Numbers we produce ourselves pass as they are. */
export function csvRow(values: readonly (string | number | null)[]): string {
  return `${values.map((v) => (typeof v === 'number' ? String(v) : csvCell(v))).join(',')}\r\n`;
}
