/**
 * Parsing at ingest: key/values found in a message become metadata, so `meta.duration_ms>250`
 * works on lines that arrived as plain text. Two shapes are recognised: a JSON object message,
 * and logfmt (`key=value key2="quoted value"`, at least two pairs). Fields the sender put in
 * `metadata` win over parsed ones; the message itself is kept as sent.
 */
import type { LogLevel } from '../../shared/api/schemas/logs';
import type { LogRecord } from '../db/repos/logs';

const LOGFMT_PAIR = /(?:^|\s)([A-Za-z_][\w.-]{0,63})=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;
const MAX_FIELDS = 64;
const MAX_MESSAGE = 16_384;

function scalar(raw: string): string | number | boolean {
  if (/^-?(0|[1-9]\d{0,15})(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw;
}

/** `key=value` pairs of a logfmt message, or null when it is not (fewer than two pairs). */
export function parseLogfmt(message: string): Record<string, string | number | boolean> | null {
  if (message.length > MAX_MESSAGE || message.indexOf('=') === -1) return null;
  const out: Record<string, string | number | boolean> = {};
  let n = 0;
  for (const m of message.matchAll(LOGFMT_PAIR)) {
    const key = m[1] as string;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const raw = m[2] as string;
    out[key] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : scalar(raw);
    if (++n >= MAX_FIELDS) break;
  }
  return n >= 2 ? out : null;
}

/** The fields of a message that is a JSON object, or null. */
export function parseJsonMessage(message: string): Record<string, unknown> | null {
  const t = message.trimStart();
  if (!t.startsWith('{') || message.length > MAX_MESSAGE) return null;
  try {
    const v: unknown = JSON.parse(t);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v).slice(0, MAX_FIELDS)) {
      if (k !== '__proto__' && k !== 'constructor' && k !== 'prototype') out[k] = val;
    }
    return Object.keys(out).length ? out : null;
  } catch {
    return null;
  }
}

/** Fields configured extraction rules find in a line (see extract-rules.ts), or null. */
export type Extractor = (record: LogRecord) => { fields: Record<string, unknown>; level: LogLevel | null } | null;

/**
 * The record with parsed key/values merged under its metadata: the sender's fields win over
 * rule captures, which win over JSON/logfmt keys. A captured level replaces only the default
 * INFO: a line stored without a level cannot be told from one sent as INFO, and a sender's
 * other level is kept.
 */
export function enrichLogRecord(record: LogRecord, extract?: Extractor): LogRecord {
  const parsed = parseJsonMessage(record.message) ?? parseLogfmt(record.message);
  let extracted: ReturnType<Extractor> = null;
  try {
    extracted = extract?.(record) ?? null;
  } catch {
    // A rule must never cost a line: it is stored without the rule's fields (rules count their own errors).
  }
  if (!parsed && !extracted) return record;
  const base = extracted?.level && record.level === 'INFO' ? { ...record, level: extracted.level } : record;
  const found = extracted && parsed ? { ...parsed, ...extracted.fields } : (extracted?.fields ?? parsed);
  if (!found || Object.keys(found).length === 0) return base;
  let given: unknown = null;
  if (record.metadata !== null) {
    given = JSON.parse(record.metadata) as unknown;
    if (typeof given !== 'object' || given === null || Array.isArray(given)) return base;
  }
  const merged = { ...found, ...(given as Record<string, unknown> | null) };
  const metadata = JSON.stringify(merged);
  return metadata.length > 65_536 ? base : { ...base, metadata };
}
