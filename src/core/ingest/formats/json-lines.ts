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

export function parseNdjsonBody(text: string): ParsedBatch {
  const items: unknown[] = [];
  const errors: ParsedBatch['errors'] = [];
  const lines = text.split('\n');
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const index = items.length;
    if (tooDeep(line)) {
      errors.push({ index, error: MAX_DEPTH_HINT });
      items.push(undefined);
      continue;
    }
    try {
      items.push(parseJson(line));
    } catch (e) {
      errors.push({ index, error: describe(e) });
      items.push(undefined);
    }
  }
  if (items.length === 0) throw new ApiError('bad_request', 'body: no NDJSON lines');
  if (errors.length === items.length) {
    throw new ApiError('bad_request', `body: no line is valid JSON; first error at item ${errors[0]!.index} (0-based): ${errors[0]!.error}`);
  }
  return { items, errors };
}
