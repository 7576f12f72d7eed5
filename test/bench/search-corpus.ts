/**
 * The search benchmark's corpus: the LogHub samples replayed to N lines (default 10 000 000)
 * over ten days, with varied numbers (so the full-text index sees new tokens, as real traffic
 * does), spacecraft, request ids (four lines per request) and, on a quarter of the lines,
 * numeric metadata. Built once through the ingest writer path (commitGroup, the code the writer
 * thread runs) into `.cache/bench-search/`, with the same lines as NDJSON for ripgrep, and
 * rebuilt only when GENERATOR_VERSION or the line count changes, or the store was migrated by a
 * list of migrations that is not a prefix of ours. Newer migrations are applied to the cached
 * store, as a station upgrading its store does (and timed: that is an upgrade's cost too).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LATEST_SCHEMA_VERSION, migrations } from '../../src/core/db/migrations/index';
import { openDatabase } from '../../src/core/db/open';
import { SpacecraftRepo } from '../../src/core/db/repos/fleet';
import { IngestRepo } from '../../src/core/db/repos/ingest';
import { LogsRepo, type LogRecord } from '../../src/core/db/repos/logs';
import { MetricsRepo } from '../../src/core/db/repos/metrics';
import { commitGroup } from '../../src/core/ingest/batch-writer';
import type { LogLevel } from '../../src/shared/api/schemas/logs';
import { prng } from '../support/random';
import { loghubLines } from './corpus';
import { fmt } from './stats';

/** Bump whenever the lines generated change: cached corpora of another version are rebuilt. */
export const GENERATOR_VERSION = 1;
export const CACHE_DIR = fileURLToPath(new URL('../../.cache/bench-search/', import.meta.url));
/** Fixed, so a cached corpus and the queries written against it stay comparable across runs. */
export const CORPUS_START = Date.UTC(2026, 9, 1);
export const CORPUS_SPAN_MS = 10 * 86_400_000;

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'INFO', 'INFO', 'INFO', 'INFO', 'WARN', 'ERROR'];
const STATED: Record<string, LogLevel> = { INFO: 'INFO', WARN: 'WARN', WARNING: 'WARN', ERROR: 'ERROR', SEVERE: 'ERROR', FATAL: 'CRITICAL', DEBUG: 'DEBUG' };
const SPACECRAFT = ['voyager-1', 'voyager-2', 'juno', 'cassini', 'new-horizons', 'perseverance', 'gs-madrid', 'gs-canberra'];

export interface Corpus {
  version: number;
  /** The schema the store was built with: a store from other migrations is rebuilt, not patched. */
  schema: number;
  /** Names of the migrations applied, in order: tells a store of our history from a foreign one. */
  migrations?: string[];
  lines: number;
  start: number;
  end: number;
  dbPath: string;
  ndjsonPath: string;
  buildSeconds: number;
}

/** Request ids: four consecutive lines share one, spread over the id space by a multiplicative hash. */
export function requestId(i: number): string {
  const r = Math.floor(i / 4);
  return `req-${((Math.imul(r, 2654435761) >>> 0) ^ r).toString(36)}`;
}

function* generate(count: number): Generator<LogRecord> {
  const base = loghubLines();
  const rnd = prng(20261101);
  for (let i = 0; i < count; i++) {
    const src = base[i % base.length]!;
    const round = Math.floor(i / base.length);
    // LogHub's own level where the line states one, so "level:error" and the text agree.
    const stated = /\b(INFO|WARN|WARNING|ERROR|FATAL|DEBUG|SEVERE)\b/.exec(src.text)?.[1];
    const level: LogLevel = (stated && STATED[stated]) || LEVELS[Math.floor(rnd() * LEVELS.length)]!;
    yield {
      timestamp: CORPUS_START + Math.floor((i / count) * CORPUS_SPAN_MS),
      level,
      service: src.system.toLowerCase(),
      message: round === 0 ? src.text : src.text.replace(/\d+/g, (d) => String((Number(d.slice(0, 9)) + round * 7) % 10 ** Math.min(d.length, 9))),
      metadata: i % 4 === 0 ? JSON.stringify({ duration_ms: Math.floor(rnd() * 1000), pass: round }) : null,
      spacecraft_id: SPACECRAFT[(i + round) % SPACECRAFT.length]!,
      request_id: requestId(i),
      trace_id: null,
      span_id: null,
      source: `node-${i % 97}`,
      labels: null,
    };
  }
}

/** The POST /logs shape, keys in a fixed order so ripgrep patterns can rely on it. */
function ndjsonLine(r: LogRecord): string {
  return JSON.stringify({
    timestamp: r.timestamp,
    level: r.level,
    service: r.service,
    spacecraft_id: r.spacecraft_id,
    request_id: r.request_id,
    source: r.source,
    message: r.message,
    ...(r.metadata ? { metadata: JSON.parse(r.metadata) as unknown } : {}),
  });
}

export function loadOrBuildCorpus(lines: number, log: (s: string) => void): Corpus {
  const manifestPath = join(CACHE_DIR, 'manifest.json');
  const dbPath = join(CACHE_DIR, 'observatory.db');
  const ndjsonPath = join(CACHE_DIR, 'corpus.ndjson');
  if (existsSync(manifestPath) && existsSync(dbPath) && existsSync(ndjsonPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Corpus;
    const ours = migrations.map((x) => x.name);
    const prefix = m.migrations !== undefined && m.migrations.every((name, i) => ours[i] === name);
    if (m.version === GENERATOR_VERSION && m.lines === lines && prefix) {
      if (m.migrations!.length === ours.length) return { ...m, dbPath, ndjsonPath };
      return upgrade({ ...m, dbPath, ndjsonPath }, manifestPath, log);
    }
    log(`cached corpus is version ${m.version} (schema ${m.schema}${prefix ? '' : ', another migration history'}) with ${fmt(m.lines)} lines; rebuilding`);
  }
  rmSync(CACHE_DIR, { recursive: true, force: true });
  mkdirSync(CACHE_DIR, { recursive: true });
  log(`building a ${fmt(lines)}-line corpus in ${CACHE_DIR} (once; cached for later runs)…`);
  const started = performance.now();
  const db = openDatabase({ path: dbPath });
  db.pragma('wal_autocheckpoint = 10000');
  const repos = { logs: new LogsRepo(db), metrics: new MetricsRepo(db), spacecraft: new SpacecraftRepo(db), ingest: new IngestRepo(db) };
  const fd = openSync(ndjsonPath, 'w');
  let batch: LogRecord[] = [];
  let done = 0;
  const flush = () => {
    commitGroup(db, repos, [{ logs: batch }], Date.now());
    writeSync(fd, batch.map(ndjsonLine).join('\n') + '\n');
    done += batch.length;
    batch = [];
    if (done % 1_000_000 === 0) log(`  ${fmt(done)} lines, ${fmt(done / ((performance.now() - started) / 1000))} lines/s`);
  };
  for (const r of generate(lines)) {
    batch.push(r);
    if (batch.length === 20_000) flush();
  }
  if (batch.length) flush();
  closeSync(fd);
  // No 'optimize' of the full-text index and no ANALYZE: measured as the station's writer leaves a store.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const corpus: Corpus = {
    version: GENERATOR_VERSION,
    schema: LATEST_SCHEMA_VERSION,
    migrations: migrations.map((x) => x.name),
    lines,
    start: CORPUS_START,
    end: CORPUS_START + CORPUS_SPAN_MS,
    dbPath,
    ndjsonPath,
    buildSeconds: Math.round((performance.now() - started) / 1000),
  };
  writeFileSync(manifestPath, JSON.stringify(corpus, null, 2));
  return corpus;
}

/** Apply the migrations the cached store lacks (openDatabase migrates), then record them. */
function upgrade(m: Corpus, manifestPath: string, log: (s: string) => void): Corpus {
  log(`cached corpus is schema ${m.schema}; migrating it to ${LATEST_SCHEMA_VERSION}…`);
  const started = performance.now();
  const db = openDatabase({ path: m.dbPath });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  log(`  migrated in ${fmt((performance.now() - started) / 1000)} s`);
  const corpus: Corpus = { ...m, schema: LATEST_SCHEMA_VERSION, migrations: migrations.map((x) => x.name) };
  writeFileSync(manifestPath, JSON.stringify(corpus, null, 2));
  return corpus;
}
