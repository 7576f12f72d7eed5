/**
 * Our own ingest format: one JSON object, a JSON array of objects, or NDJSON (one object per
 * line). JSON is parsed with prototype-poisoning protection. NDJSON lines are independent: a
 * bad line is reported by its index and the others are kept.
 */
import sjson from 'secure-json-parse';
import { ApiError } from '../../../shared/api/errors';

export interface ParsedBatch {
  /** Items in posted order; `undefined` marks a line that did not parse (reported in errors). */
  items: unknown[];
  errors: { index: number; error: string }[];
}

const MAX_DEPTH_HINT = 'nesting deeper than 64 levels';

function parseJson(text: string): unknown {
  return sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
}

/** Refuse absurd nesting before handing the text to JSON.parse (a stack-depth guard). */
function tooDeep(text: string, max = 64): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/**
 * Cheap pre-check for the exact scan: nesting past 64 levels needs more than 64 openers, and
 * counting them with indexOf (native) is far cheaper than walking every character in JS.
 */
function mayBeTooDeep(text: string, max = 64): boolean {
  if (text.length <= 2 * max) return false;
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let i = text.indexOf(opener); i !== -1; i = text.indexOf(opener, i + 1)) {
      if (++count > max) return true;
    }
  }
  return false;
}

function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // secure-json-parse throws a SyntaxError for forbidden keys too; only its own wording means that.
  if (/^Object contains forbidden prototype property$/.test(msg)) return 'forbidden key (__proto__ or constructor.prototype)';
  return `invalid JSON (${msg.replace(/\s+/g, ' ').slice(0, 120)})`;
}

export function parseJsonBody(text: string): ParsedBatch {
  if (text.trim() === '') throw new ApiError('bad_request', 'body: empty; send a JSON object, an array of objects, or NDJSON');
  if (tooDeep(text)) throw new ApiError('bad_request', `body: ${MAX_DEPTH_HINT}`);
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (e) {
    throw new ApiError('bad_request', `body: ${describe(e)}`);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new ApiError('bad_request', 'body: empty array');
    return { items: value, errors: [] };
  }
  return { items: [value], errors: [] };
}

function parseLine(raw: string, out: ParsedBatch): void {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.trim() === '') return;
  const index = out.items.length;
  if (mayBeTooDeep(line) && tooDeep(line)) {
    out.errors.push({ index, error: MAX_DEPTH_HINT });
    out.items.push(undefined);
    return;
  }
  try {
    out.items.push(parseJson(line));
  } catch (e) {
    out.errors.push({ index, error: describe(e) });
    out.items.push(undefined);
  }
}

function finish(out: ParsedBatch): ParsedBatch {
  if (out.items.length === 0) throw new ApiError('bad_request', 'body: no NDJSON lines');
  if (out.errors.length === out.items.length) {
    throw new ApiError('bad_request', `body: no line is valid JSON; first error at item ${out.errors[0]!.index} (0-based): ${out.errors[0]!.error}`);
  }
  return out;
}

export function parseNdjsonBody(text: string): ParsedBatch {
  const out: ParsedBatch = { items: [], errors: [] };
  for (const raw of text.split('\n')) parseLine(raw, out);
  return finish(out);
}

/** Lines parsed between two yields to the event loop. */
const SLICE = 1_000;

/**
 * The same, yielding to the event loop every thousand lines: a 10 MiB body is ~100 ms of
 * parsing, which must not freeze the desktop UI that shares this thread.
 */
export async function parseNdjsonBodyAsync(text: string): Promise<ParsedBatch> {
  const out: ParsedBatch = { items: [], errors: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += SLICE) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (let j = i; j < Math.min(lines.length, i + SLICE); j++) parseLine(lines[j] as string, out);
  }
  return finish(out);
}
